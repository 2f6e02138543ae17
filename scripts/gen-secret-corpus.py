#!/usr/bin/env python3
"""Writes the secret-redaction corpus (deterministic, stdlib only).

Usage: python3 scripts/gen-secret-corpus.py tests/fixtures/secrets

Writes formats.tsv (one row per kind: kind, source, shape, notes),
positives.txt (kind<TAB>framing<TAB>line, secret wrapped in U+27E6/U+27E7)
and negatives.txt (kind<TAB>line, look-alikes that must stay byte-identical).
Formats come from gitleaks' default config, trufflehog's detectors and
secretlint's recommended preset; every value is random and fake.
"""
import os
import sys
from collections import defaultdict

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from secretcorpus import formats_a, formats_b, formats_c, formats_d  # noqa: E402,F401  (register kinds)
from secretcorpus import context_a, context_b  # noqa: E402,F401
from secretcorpus import negatives_b  # noqa: E402,F401
from secretcorpus import th_context_a, th_context_b  # noqa: E402
from secretcorpus import context_c  # noqa: E402  (last: its kinds come after the others)
from secretcorpus import common  # noqa: E402
from secretcorpus.common import KINDS, LISTED, K, ctx, mark, syslog_prefix  # noqa: E402
from secretcorpus.framings import URL_SAFE, fill, kv_lines  # noqa: E402
from secretcorpus.negatives_a import NEG  # noqa: E402

# Where the kinds registered so far end: the ones below and the escaped
# framings are drawn from their own seed (see `extra_rng`), so every line
# built before them keeps its values.
N_BASE = len(KINDS)
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

# Self-identifying formats a token's prefix alone names, bare in prose as
# well (kind, source, template, key names).
BARE = [
    ("resend-api-key", "secretlint:resend,trufflehog:resend", "re_{an:8}_{an:24}", "RESEND_API_KEY"),
    ("paddle-api-key", "paddle docs (API keys)", "pdl_{|live|sdbx}_apikey_{lan:26}_{an:22}_{an:3}", "PADDLE_API_KEY"),
    ("neon-api-key", "GitHub secret scanning:neon_api_key", "napi_{lan:64}", "NEON_API_KEY"),
    ("onesignal-api-key-v2", "onesignal docs (REST API keys)", "os_v2_app_{lan:113}", "ONESIGNAL_REST_API_KEY"),
    ("pinterest-access-token", "pinterest docs (OAuth tokens)", "pina_{uan:100}", "PINTEREST_ACCESS_TOKEN"),
    ("crates-io-api-token", "noseyparker:crates.io,GitHub secret scanning", "cio{an:32}", "CARGO_REGISTRY_TOKEN"),
    ("matrix-access-token", "synapse access tokens", "syt_{an:8}_{an:20}_{an:6}", "MATRIX_ACCESS_TOKEN"),
    ("akamai-edgegrid-token", "akamai .edgerc client_token/access_token", "akab-{lan:16}-{lan:16}", "AKAMAI_CLIENT_TOKEN"),
    ("elastic-serverless-api-key", "gitleaks:elastic-cloud-serverless-api-key", "essu_{b64:92}", "ELASTIC_API_KEY"),
    ("databricks-oauth-secret", "databricks OAuth secrets", "dose{hex:32}", "DATABRICKS_CLIENT_SECRET"),
    ("infisical-service-token", "infisical service tokens", "st.{hex:24}.{hex:64}", "INFISICAL_TOKEN"),
    ("pubnub-secret-key", "trufflehog:pubnubpublishkey (sec-c-)", "sec-c-{an:48}", "PUBNUB_SECRET_KEY"),
    ("fcm-server-key", "firebase legacy server key", "AAAA{url:7}:APA91b{url:134}", "FCM_SERVER_KEY"),
    ("instagram-access-token", "instagram graph tokens", "IGQVJ{url:180}", "INSTAGRAM_ACCESS_TOKEN"),
    ("nostr-secret-key", "NIP-19 nsec", lambda: "nsec1" + common.chars(58, BECH32), "NOSTR_SECRET_KEY"),
    ("mandrill-api-key-md", "mandrill API keys (md-)", "md-{url:22}", "MANDRILL_KEY"),
    ("stytch-project-secret", "trufflehog:stytch", "secret-{|live|test}-{url:35}=", "STYTCH_SECRET"),
    ("together-api-key", "together.ai API keys", "tgp_v1_{url:43}", "TOGETHER_API_KEY"),
    ("axiom-token", "axiom API and personal tokens", "{|xaat|xapt}-{uuid}", "AXIOM_TOKEN"),
    ("trello-user-token", "trello tokens (ATTA)", "ATTA{hex:64}{HEX:8}", "TRELLO_USER_TOKEN"),
    ("telnyx-api-key-v2", "trufflehog:telnyx", "KEY0{HEX:31}_{an:22}", "TELNYX_KEY"),
    ("openai-session-token", "openai session tokens", "sess-{an:40}", "OPENAI_SESSION"),
    ("launchdarkly-mobile-key", "launchdarkly mobile keys", "mob-{uuid}", "LD_MOBILE_KEY"),
    ("new-relic-mobile-app-token", "trufflehog:newrelicmobileapptoken", "AA{hex:40}-NRMA", "NEW_RELIC_APP_TOKEN"),
    ("recharge-api-key", "trufflehog:rechargepayments", "sk_{|test_|}{|1x1|1x3|2x1|2x2|3x3|5x3|10x3}_{hex:64}", "RECHARGE_KEY"),
]
# Formats a review found missing or cut short (shapes from gitleaks,
# trufflehog and secretlint): registered after the others, so every line
# built before them keeps its values.
REVIEWED = [
    ("terraform-cloud-token", "trufflehog:terraformcloudpersonaltoken", "{an:14}.atlasv1.{an:67}", "TFE_TOKEN"),
    ("salesforce-refresh-token", "trufflehog:salesforcerefreshtoken", "5Aep861{an:40}.{an:24}_{an:20}", "SF_REFRESH_TOKEN"),
    ("dropbox-short-lived-token-u", "trufflehog:dropbox", "sl.u.{url:140}", "DROPBOX_TOKEN"),
    ("salad-cloud-user-key", "trufflehog:saladcloudapikey", "salad_cloud_{|user|org}_{an:49}", "SALAD_API_KEY"),
    ("bitbucket-dc-token-b64", "trufflehog:bitbucketdatacenter", "BBDC-{b64:44}", "BITBUCKET_TOKEN"),
    ("new-relic-insights-insert-key", "trufflehog:newrelicinsightsinsertkey", "NRII-{url:25}", "NEW_RELIC_INSERT_KEY"),
    ("new-relic-browser-key-nrbr", "trufflehog:newrelicbrowserkey", "NRBR-{hex:19}", "NEW_RELIC_BROWSER_KEY"),
    ("azure-entra-refresh-token", "trufflehog:azure_entra/refreshtoken", "{|0|1}.A{url:60}.Ag{url:260}", "AZURE_REFRESH_TOKEN"),
    ("facebook-access-token-eaa", "gitleaks:facebook-page-access-token", "EAA{|C|M|G|B}{an:150}", "FB_TOKEN"),
    ("github-installation-token-jwt", "secretlint:github (ghs_ JWT form)", "ghs_{dig:8}_eyJ{url:30}.{url:40}.{url:43}", "GITHUB_INSTALLATION_TOKEN"),
    ("yandex-iam-token", "gitleaks:yandex-access-token", "t1.{url:20}.{url:86}", "YC_IAM_TOKEN"),
    ("vault-legacy-service-token", "gitleaks:vault-service-token", "s.{up:4}{low:4}{dig:4}{an:12}", "VAULT_TOKEN"),
    ("stripe-client-secret", "trufflehog:stripepaymentintent", "pi_{an:24}_secret_{an:25}", "STRIPE_CLIENT_SECRET"),
    ("stripe-prod-key", "gitleaks:stripe-access-token", "{|sk|rk}_prod_{an:24}", "STRIPE_KEY"),
    ("apideck-key", "trufflehog:apideck", "sk_live_{url:93}", "APIDECK_KEY"),
    ("checkout-secret-key", "trufflehog:checkout", "sk_{|test_|sbox_|}{uuid}", "CKO_SECRET_KEY"),
    ("klaviyo-private-key", "trufflehog:klaviyo", "pk_{hex:34}", "KLAVIYO_KEY"),
    ("lob-api-key", "trufflehog:lob,gitleaks:lob-api-key", "{|live|test}_{hex:35}", "LOB_KEY"),
    ("locationiq-token", "trufflehog:locationiq", "pk.{hex:32}", "LOCATIONIQ_KEY"),
    ("flyio-fm1a-token", "gitleaks:flyio-access-token", "fm1a_{b64:120}", "FLY_API_TOKEN"),
    ("clickhouse-cloud-secret", "gitleaks:clickhouse-cloud-api-secret-key", "4b1d{an:38}", "CLICKHOUSE_SECRET"),
    ("aws-appsync-key", "trufflehog:aws/appsync", "da2-{lan:26}", "APPSYNC_API_KEY"),
    ("dfuse-key", "trufflehog:dfuse", "web_{low:4}{dig:2}{lan:26}", "DFUSE_KEY"),
    ("endorlabs-key", "trufflehog:endorlabs", "endr+{an:16}", "ENDOR_KEY"),
    ("figma-pat-v3", "trufflehog:figmapersonalaccesstoken/v3", "{|figp|figo|figr|figh}_{url:44}", "FIGMA_TOKEN"),
    ("finage-key", "trufflehog:finage", "API_KEY{uan:32}", "FINAGE_KEY"),
    ("fullstory-key-v2", "trufflehog:fullstory/v2", "na1.{b64:100}", "FULLSTORY_KEY"),
    ("gemini-exchange-key", "trufflehog:gemini", "{|master|account}-{up:4}{low:4}{dig:4}{an:8}", "GEMINI_KEY"),
    ("pagarme-key", "trufflehog:pagarme", "ak_{|live|test}_{an:30}", "PAGARME_KEY"),
    ("rootly-key", "trufflehog:rootly", "rootly_{hex:64}", "ROOTLY_KEY"),
    ("sonarcloud-token-sqco", "trufflehog:sonarcloud/v2", "sqco_{an:59}", "SONAR_TOKEN"),
    ("ubidots-token-bbff", "trufflehog:ubidots", "BBFF-{an:30}", "UBIDOTS_TOKEN"),
    ("courier-key", "trufflehog:courier", "pk_{|prod|test}_{uan:28}", "COURIER_KEY"),
    ("teamwork-token", "trufflehog:teamworkcrm", "tkn.v1_{an:71}=", "TEAMWORK_TOKEN"),
    ("tickettailor-key", "trufflehog:tickettailor", "sk_{dig:4}_{dig:6}_{hex:32}", "TICKETTAILOR_KEY"),
    ("iex-cloud-secret", "trufflehog:iexcloud", "sk_{low:4}{dig:4}{lan:24}", "IEX_TOKEN"),
    ("besttime-key", "trufflehog:besttime", "pri_{hex:32}", "BESTTIME_KEY"),
    ("ecostruxure-it-key", "trufflehog:ecostruxureit", "AK1{up:4}{low:4}{dig:4}{b64:40}", "ECOSTRUXURE_KEY"),
    ("salesblink-key", "trufflehog:salesblink", "key-{up:4}{low:4}{dig:4}{an:52}", "SALESBLINK_KEY"),
    ("smooch-key", "trufflehog:smooch", "act_{low:4}{dig:4}{lan:16}", "SMOOCH_KEY_ID"),
    ("column-key", "trufflehog:column", "{|live|test}_{up:4}{low:4}{dig:4}{an:15}", "COLUMN_KEY"),
    ("slack-legacy-xoxo-token", "secretlint:slack", "xoxo-{dig:11}-{dig:12}-{up:4}{low:4}{dig:4}{an:12}", "SLACK_TOKEN"),
    ("tailscale-key-other", "trufflehog:tailscale", "tskey-{|tailnet|device}-{an:17}-{an:33}", "TS_KEY"),
    ("discord-bot-token-bare", "trufflehog:discordbottoken", "{|MT|Mj|Mz|ND|NT|Nj|Nz|OD|OT}{an:10}{dig:2}{an:10}.{url:6}.{url:27}", "DISCORD_BOT_TOKEN"),
    ("telegram-bot-token-secret", "trufflehog:telegrambottoken", "AA{|E|F|G|H}{url:32}", "TELEGRAM_BOT_TOKEN"),
    ("jwt-indented-header", "trufflehog:jwt", "ewogICJ{url:30}.ewogICJ{url:40}.{url:43}", "ID_TOKEN"),
    ("mailgun-key-32-8-8", "gitleaks:mailgun-signing-key,trufflehog:mailgun", "{hex:32}-{hex:8}-{hex:8}", "MAILGUN_WEBHOOK_SIGNING_KEY"),
]
for _kind, _source, _template, _keys in BARE:
    if callable(_template):
        K(_kind, _source, _template, keys=_keys, shape="`nsec1` + 58 bech32 chars (lower case)")
    else:
        K(_kind, _source, _template, keys=_keys)
# Where the reviewed kinds start: their lines come from a seed of their
# own, after every other line.
N_REVIEWED = len(KINDS)
for _kind, _source, _template, _keys in REVIEWED:
    K(_kind, _source, _template, keys=_keys)
BARE_KINDS = {b[0] for b in BARE + REVIEWED}

# A token right after a JSON string's `\n` (written as two characters), or
# another escape, or inside a URL-encoded query: nothing but the escape
# stands between it and the text before.
ESCAPED_NL = [
    r'{"log":"upstream refused the request\n«v»\n","stream":"stderr","time":"«iso»"}',
    r'{"ts":"«iso»","msg":"stack: Error: rejected\n«v»\n    at Client.send (client.js:88:9)"}',
    r'«P» body="line1\n«v»\nline3"',
]
ESCAPED_OTHER = [
    r'{"ts":"«iso»","msg":"cols:\t«v»\tok","level":"debug"}',
    r'{"log":"reply \"«v»\" dropped\r\n","time":"«iso»"}',
    r'{"event":"dump","args":"[\u0022«v»\u0022]","ts":"«iso»"}',
    r'«P» printf: \x22«v»\x22 (%s)',
    r'{"log":"retry\r«v»\r","stream":"stdout"}',
]
URL_ENCODED = [
    '«ip» - - [«clf»] "GET /login?next=%2Fapi%3Fref%3D«v»%26x%3D1 HTTP/1.1" 302 «n» "-" "curl/8.5.0"',
    '«P» redirect to https://app.example.com/cb?return_to=%2Fshare%2F«v»%2Fview',
    'ts=«iso» level=info msg=search q=%22«v»%22 hits=0',
    '«P» GET /v1/find?ids=12%2C«v»%2C7&page=1 200',
    '«ip» - - [«clf»] "GET /s?q=copy%20«v»%20now HTTP/1.1" 200 «n»',
    'ts=«iso» level=debug msg=scope scope=read%3A«v» ok=true',
]


# Self-identifying kinds found by a regex rule (src/redact/rules.rs), not by
# a token prefix: whether one is found right after an escape is up to that
# rule's boundaries, which the escaped framings do not test yet.
BY_REGEX_RULE = {
    "airtable-oauth-token", "artifactory-reference-token", "authress-access-key", "azure-acr-password",
    "azure-ad-client-secret", "azure-apim-git-password", "facebook-page-access-token", "hashicorp-tf-api-token",
    "mailchimp-api-key", "maxmind-license-key", "new-relic-license-key", "pagarme-api-key", "pganalyze-read-key",
    "rootly-api-key", "salesforce-access-token", "slack-legacy-token", "sonarcloud-token",
    "stripe-payment-intent-secret", "twitter-bearer-token", "ubidots-token", "webex-bot-token",
}


def extra_rng(n=1):
    """Runs the next draws from a seed of their own (the n-th), then puts
    the shared generator back where it was."""
    class Swap:
        def __enter__(self):
            self.state = common.rnd.getstate()
            common.rnd.seed(common.SEED + n)

        def __exit__(self, *exc):
            common.rnd.setstate(self.state)
    return Swap()


def escaped_lines(k):
    """One line per escaped framing for a self-identifying kind: after a
    JSON `\n`, after another escape, and URL-encoded where the value needs
    no encoding."""
    rnd = common.rnd
    out = []
    for framing, templates in (("json-escaped-nl", ESCAPED_NL), ("escaped", ESCAPED_OTHER), ("url-encoded", URL_ENCODED)):
        value = k.sample()
        if '"' in value or "\\" in value or (framing == "url-encoded" and not URL_SAFE.match(value)):
            continue
        c = ctx()
        c.update(P=syslog_prefix(c), v=mark(value))
        out.append((framing, fill(rnd.choice(templates), c)))
    return out


# Neutral framings: the value alone in prose or under a key that names
# nothing, so that a self-identifying format is found by its shape, not
# by the key beside it.
NEUTRAL = [
    "«P» using key «v» for upload",
    '{"ts":"«iso»","level":"info","msg":"request","value":"«v»"}',
    "curl -sS -X POST https://uploads.example.net/v2/sync -d '«v»'",
    "  upload_ref: «v»",
]


def neutral_lines(k):
    """Two lines of a self-identifying kind in neutral framings."""
    rnd = common.rnd
    out = []
    for template in rnd.sample(NEUTRAL, 2):
        value = k.sample()
        if any(c in value for c in "\"'"):
            continue
        c = ctx()
        c.update(P=syslog_prefix(c), v=mark(value))
        out.append(("neutral", fill(template, c)))
    return out


def glued_negatives():
    """A prefixed token glued to a word, or to an escape that stands for a
    letter or digit, is part of something else: left alone."""
    rnd = common.rnd
    out = []
    glue = ["x", "A", "9", "%41", "%7a", "%30", r"\\n", r"\u0041", r"\x61", "%C3%A9"]
    for k in KINDS[N_BASE:N_REVIEWED]:
        if k.kind == "fcm-server-key":
            continue  # the part after `:` stands alone
        value = k.sample()
        g = rnd.choice(glue)
        c = ctx()
        c.update(P=syslog_prefix(c))
        out.append(("glued-token", fill("«P» id=" + g + value.replace("«", "") + " seen", c)))
    for g in glue:
        out.append(("glued-token", "ref=" + g + "sk_live_" + common.chars(24) + " (not a key)"))
    return out

OPEN, CLOSE = "\u27e6", "\u27e7"
REGEN = "python3 scripts/gen-secret-corpus.py tests/fixtures/secrets"


def header(what, *fmt):
    return "\n".join([
        "# Secret-redaction corpus: %s. Generated by scripts/gen-secret-corpus.py; do not edit," % what,
        "# regenerate with `%s`." % REGEN,
        "# Format: %s" % fmt[0]] + ["#   " + x for x in fmt[1:]] + [
        "# All values are random and fake; only their shapes are real.",
    ]) + "\n"


def check_positive(kind, framing, line):
    assert "\t" not in line and "\n" not in line and "\r" not in line, (kind, line)
    assert line.count(OPEN) == 1 and line.count(CLOSE) == 1, (kind, line)
    before, rest = line.split(OPEN)
    secret, after = rest.split(CLOSE)
    assert secret.strip() == secret and secret, (kind, line)
    assert secret not in before and secret not in after, ("secret repeated", kind, line)
    return secret


# Self-identifying kinds that a neutral framing does not test: found by
# a regex rule that needs the key or the line around them.
NOT_NEUTRAL = set()


def build_positives():
    rows, per_kind = [], defaultdict(list)

    def add(k, lines):
        seen = set()
        for framing, line in lines:
            if line in seen:
                continue
            seen.add(line)
            check_positive(k.kind, framing, line)
            rows.append((k.kind, framing, line))
            per_kind[k.kind].append(framing)

    def lines_of(k):
        if k.builder:
            return k.builder()
        return kv_lines(k, k.n or (8 if k.mode == "token" else 6))

    for k in KINDS[:N_BASE]:
        add(k, lines_of(k))
    with extra_rng():
        for k in KINDS[N_BASE:N_REVIEWED]:
            add(k, lines_of(k))
        for k in KINDS[:N_REVIEWED]:
            if k.mode == "token" and k.kind not in BY_REGEX_RULE:
                add(k, escaped_lines(k))
    with extra_rng(3):
        for k in KINDS[N_REVIEWED:]:
            add(k, lines_of(k))
            add(k, escaped_lines(k))
    with extra_rng(2):
        for k in KINDS:
            if k.mode == "token" and k.kind not in NOT_NEUTRAL:
                add(k, neutral_lines(k))
    for k in KINDS:
        fr = per_kind[k.kind]
        assert len(fr) >= 5 and len(set(fr)) >= 3, ("too few lines/framings", k.kind, fr)
    return rows, per_kind


def build_negatives(secrets):
    out, seen = [], set()
    with extra_rng():
        glued = glued_negatives()
    for kind, line in NEG + glued:
        if line in seen:
            continue
        seen.add(line)
        assert "\t" not in line and OPEN not in line and CLOSE not in line, (kind, line)
        assert not any(s in line for s in secrets if len(s) >= 12), ("negative contains a positive secret", line)
        out.append((kind, line))
    return out


def th_rows():
    rows = []
    for blob in (th_context_a.ROWS, th_context_b.ROWS):
        for line in blob.strip().splitlines():
            name, kws, shape, note = line.split("|")
            rows.append((name, "trufflehog:" + name, shape, note + ("; keywords: " + kws if kws else "")))
    return rows


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    positives, per_kind = build_positives()
    context_c.emit_negatives()
    secrets = set()
    for _, _, line in positives:
        secrets.add(line.split(OPEN)[1].split(CLOSE)[0])
    negatives = build_negatives(secrets)

    kinds = {k.kind for k in KINDS}
    with open(os.path.join(out, "formats.tsv"), "w", encoding="utf-8") as f:
        f.write("kind\tsource\tshape\tnotes\n")
        for k in KINDS:
            how = {"token": "self-identifying", "ctx": "needs key context", "custom": "secret in context"}[k.mode]
            note = "%s; %d positives in %d framings" % (how, len(per_kind[k.kind]), len(set(per_kind[k.kind])))
            if k.notes:
                note += "; " + k.notes
            f.write("\t".join([k.kind, k.source, k.shape, note]) + "\n")
        for name, source, shape, note in LISTED + th_rows():
            assert name not in kinds, name
            f.write("\t".join([name, source, shape, note]) + "\n")

    with open(os.path.join(out, "positives.txt"), "w", encoding="utf-8") as f:
        f.write(header("positives", "kind<TAB>framing<TAB>line; the secret is wrapped in \u27e6 \u27e7 exactly once.",
                       "Expected redactor output: that span replaced, every other byte unchanged.",
                       "Kinds and where their formats are listed: formats.tsv."))
        for row in positives:
            f.write("\t".join(row) + "\n")

    with open(os.path.join(out, "negatives.txt"), "w", encoding="utf-8") as f:
        f.write(header("negatives (look-alikes)", "kind<TAB>line; a redactor must leave each line byte-identical."))
        for row in negatives:
            f.write("\t".join(row) + "\n")

    framings = defaultdict(int)
    for _, fr, _ in positives:
        framings[fr] += 1
    print("kinds in positives: %d, formats.tsv rows: %d" % (len(KINDS), len(KINDS) + len(LISTED) + len(th_rows())))
    print("positives: %d lines; framings: %s" % (len(positives), ", ".join("%s=%d" % kv for kv in sorted(framings.items()))))
    print("negatives: %d lines" % len(negatives))


if __name__ == "__main__":
    main()
