"""Deterministic generator for the secret-redaction test corpus.

Modules: common (RNG, value templates, kind registry), formats_a..d (provider
formats), context (secrets in context), th_context (trufflehog detectors that
are only "N chars near a keyword"), framings (log framings), negatives.
"""
