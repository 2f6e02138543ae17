//! The built-in detectors: credential formats responders meet in logs.
//!
//! Each rule names the literal keywords that must occur in a line before its
//! regex is worth running (the prefilter), the regex, and which capture
//! group is the secret. Specific formats come first: when two rules cover
//! the same text, the earlier name is the one shown.

/// How a matched value is judged before it is redacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judge {
    /// The format is specific enough: redact every match.
    Always,
    /// Redact unless the value is a placeholder (`changeme`, `${X}`, `****`).
    NotPlaceholder,
    /// Not a placeholder, not a status word (`required`), not a scheme word.
    Credential,
    /// Upper case, lower case and digits all present: issued keys are,
    /// kebab-case names that share a prefix are not.
    Mixed,
}

pub struct Builtin {
    pub name: &'static str,
    /// Literals, as they are usually written; the regex runs only on lines
    /// containing one (compared ignoring ASCII case).
    pub keywords: &'static [&'static str],
    pub pattern: &'static str,
    /// Capture group holding the secret (0: the whole match).
    pub group: usize,
    pub judge: Judge,
}

const TOKEN_END: &str = r"(?:[^A-Za-z0-9_\-]|$)";

pub fn builtins() -> Vec<Builtin> {
    let b = |name, keywords, pattern: String, group, judge| Builtin {
        name,
        keywords,
        pattern: Box::leak(pattern.into_boxed_str()),
        group,
        judge,
    };
    vec![
        // PEM private keys written on one line, with literal \n escapes, as
        // in JSON service-account files and environment variables. Multi-line
        // PEM blocks are handled by the stream state in `Redactor`.
        b(
            "private-key",
            &["PRIVATE KEY-----"],
            r"(-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?:.*?-----END[A-Z0-9 ]*PRIVATE KEY-----|.*))".into(),
            1,
            Judge::Always,
        ),
        b("aws-access-key", &["AKIA", "ASIA", "ABIA", "ACCA", "A3T"], format!(r"(?:^|[^A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{{16}}){TOKEN_END}"), 1, Judge::Always),
        b(
            "aws-secret-key",
            &["aws"],
            r#"(?i)aws[_\-.]?(?:secret[_\-.]?(?:access[_\-.]?)?key|sak)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)"#.into(),
            1,
            Judge::NotPlaceholder,
        ),
        b("gcp-api-key", &["AIza"], format!(r"(?:^|[^A-Za-z0-9])(AIza[0-9A-Za-z_\-]{{35}}){TOKEN_END}"), 1, Judge::Always),
        b(
            "azure-storage-key",
            &["AccountKey=", "SharedAccessKey="],
            r"(?i)(?:AccountKey=|SharedAccessKey=)([A-Za-z0-9+/]{40,}={0,2})".into(),
            1,
            Judge::Always,
        ),
        b("github-token", &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], format!(r"(?:^|[^A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{{36,251}}){TOKEN_END}"), 1, Judge::Always),
        b("github-fine-grained-token", &["github_pat_"], r"(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})".into(), 1, Judge::Always),
        b(
            "gitlab-token",
            &["glpat-", "gloas-", "glptt-", "glrt-", "gldt-", "glcbt-", "glft-", "glimt-", "glsoat-", "gldt-"],
            format!(r"(?:^|[^A-Za-z0-9_])(gl(?:pat|oas|ptt|rt|dt|cbt|ft|imt|soat)-[A-Za-z0-9_\-]{{20,}}){TOKEN_END}"),
            1,
            Judge::Always,
        ),
        b(
            "slack-token",
            &["xox", "xapp-"],
            // Issued tokens carry digits; `xoxo-valentines` does not.
            format!(r"(?:^|[^A-Za-z0-9])(xox[abpsre]-[0-9][A-Za-z0-9\-]{{9,}}|xapp-[0-9]-[A-Za-z0-9\-]{{10,}}){TOKEN_END}"),
            1,
            Judge::Always,
        ),
        b(
            "slack-webhook",
            &["hooks.slack.com"],
            r"hooks\.slack\.com/((?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{8,})".into(),
            1,
            Judge::Always,
        ),
        b(
            "discord-webhook",
            &["discord"],
            r"discord(?:app)?\.com/api/(?:v\d+/)?webhooks/(\d+/[A-Za-z0-9_\-]{20,})".into(),
            1,
            Judge::Always,
        ),
        b(
            "teams-webhook",
            &["webhook.office.com", "logic.azure.com", "outlook.office.com"],
            r"(?:webhook\.office\.com/webhookb2|outlook\.office\.com/webhook|logic\.azure\.com[:0-9]*/workflows)/([A-Za-z0-9@/?=&%._\-]{20,})".into(),
            1,
            Judge::Always,
        ),
        b("stripe-key", &["sk_live_", "sk_test_", "rk_live_", "rk_test_"], format!(r"(?:^|[^A-Za-z0-9])((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{{16,}}){TOKEN_END}"), 1, Judge::Always),
        b("stripe-webhook-secret", &["whsec_"], format!(r"(whsec_[A-Za-z0-9+/]{{24,}}){TOKEN_END}"), 1, Judge::Always),
        b("square-token", &["sq0atp-", "sq0csp-", "EAAA"], format!(r"(?:^|[^A-Za-z0-9])(sq0(?:atp|csp)-[A-Za-z0-9_\-]{{22,}}|EAAA[A-Za-z0-9_\-]{{60}}){TOKEN_END}"), 1, Judge::Always),
        b("anthropic-key", &["sk-ant-"], format!(r"(sk-ant-[A-Za-z0-9_\-]{{32,}}){TOKEN_END}"), 1, Judge::Always),
        b(
            "openai-key",
            &["sk-"],
            format!(r"(?:^|[^A-Za-z0-9_\-])(sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{{32,}}){TOKEN_END}"),
            1,
            Judge::Mixed,
        ),
        b("huggingface-token", &["hf_"], format!(r"(?:^|[^A-Za-z0-9_])(hf_[A-Za-z0-9]{{34,}}){TOKEN_END}"), 1, Judge::Always),
        b("npm-token", &["npm_"], format!(r"(?:^|[^A-Za-z0-9_])(npm_[A-Za-z0-9]{{36}}){TOKEN_END}"), 1, Judge::Always),
        b("pypi-token", &["pypi-"], r"(pypi-AgE[A-Za-z0-9_\-]{50,})".into(), 1, Judge::Always),
        b("rubygems-token", &["rubygems_"], format!(r"(rubygems_[a-f0-9]{{48}}){TOKEN_END}"), 1, Judge::Always),
        b("docker-hub-token", &["dckr_pat_", "dckr_oat_"], r"(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{20,})".into(), 1, Judge::Always),
        b("vault-token", &["hvs.", "hvb.", "hvr."], format!(r"(?:^|[^A-Za-z0-9_])(hv[sbr]\.[A-Za-z0-9_\-]{{20,}}){TOKEN_END}"), 1, Judge::Always),
        // Pre-1.10 Vault tokens (`s.` and 24 characters) are too plain to
        // find anywhere; only where a Vault command or header hands them over.
        b(
            "vault-token",
            &["vault login", "x-vault-token"],
            r#"(?i)(?:vault\s+login\s+(?:-\S+\s+)*|x-vault-token["']?\s*[:=]\s*["']?)(s\.[A-Za-z0-9]{24})(?:[^A-Za-z0-9]|$)"#.into(),
            1,
            Judge::Always,
        ),
        b("jwt", &["eyJ"], r"(eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{8,})".into(), 1, Judge::Always),
        b(
            "azure-sas-signature",
            &["sig="],
            r"[?&]sig=([A-Za-z0-9%+/=]{20,})".into(),
            1,
            Judge::Always,
        ),
        b(
            "url-credentials",
            &["://"],
            // The password runs to the last `@` of the authority, so an unencoded
            // `@` inside it does not leave the rest showing.
            r"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:([^/\s]+)@".into(),
            1,
            Judge::NotPlaceholder,
        ),
        b(
            "authorization-header",
            &["authorization"],
            r#"(?i)authorization["']?\s*[:=]\s*["']?(?:[A-Za-z][A-Za-z0-9_\-]*\s+)?([^\s"',;\\]{6,})"#.into(),
            1,
            Judge::Credential,
        ),
        b("bearer-token", &["bearer"], r"(?i)\bbearer\s+([A-Za-z0-9._~+/\-]{16,}=*)".into(), 1, Judge::NotPlaceholder),
        b(
            "cli-secret-flag",
            &["--pass", "--token", "--secret", "--client-secret", "--api-key", "--apikey", "--auth"],
            r#"(?i)--(?:password|passwd|pass|token|secret|client-secret|api-key|apikey|auth-token)(?:=|\s+)["']?([^\s"']{6,})"#.into(),
            1,
            Judge::NotPlaceholder,
        ),
    ]
}

/// Key names whose value is always a secret, whatever it looks like: the
/// variables the bundled runbooks name, plus the obvious ones.
pub const STRONG_KEYS: &[&str] = &[
    "OS_HTTP_SECRET",
    "COCKPIT_WRITE_SECRET_CURRENT",
    "COCKPIT_WRITE_SECRET_PREVIOUS",
    "COCKPIT_SESSION_SECRET",
    "COCKPIT_CSRF_SECRET",
    "ROBODJ_SECRET_KEY",
    "ROBODJ_SECRET_V2_KEY",
    "JOBFORGE_POLICY_TOKEN_SECRET",
    "SUPABASE_SERVICE_ROLE_KEY",
    "WEBHOOK_SIGNING_SECRET",
    "PROXY_JWT_SECRET",
    "PROXY_JWT_SECRET_NEW",
    "SHARED_SECRET",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "NPM_TOKEN",
    "VAULT_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "PASSWORD",
    "PASSWD",
    "PGPASSWORD",
    "MYSQL_PWD",
    "CLIENT_SECRET",
    "SECRET",
    "SECRET_KEY",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_TOKEN",
    "REFRESH_TOKEN",
    "AUTH_TOKEN",
];

/// Keywords that can introduce a `key = value` assignment worth a look.
pub const ASSIGNMENT_KEYWORDS: &[&str] = &[
    "secret",
    "token",
    "passw",
    "pwd",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "credential",
    "auth",
    "_key",
    "session",
    "sessid",
    // `connect.sid`; a bare `sid` is too common inside words ("inside").
    ".sid",
];

/// Case-sensitive substrings, at least one of which occurs in every line any
/// rule above can match, in the spellings logs use. Few enough for a SIMD
/// multi-substring search, so lines without any are passed over at speed.
/// `tests::block_anchors_cover_every_keyword` keeps this list honest.
pub const BLOCK_ANCHORS: &[&str] = &[
    // Token formats, case as issued.
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gloas-",
    "glptt-",
    "glrt-",
    "gldt-",
    "glcbt-",
    "glft-",
    "glimt-",
    "glsoat-",
    "xox",
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "A3T",
    "AIza",
    "sk_",
    "rk_",
    "whsec_",
    "sq0",
    "EAAA",
    "sk-",
    "hf_",
    "xapp-",
    "sig=",
    "vault",
    "Vault",
    "VAULT",
    "outlook.office",
    "npm_",
    "pypi-",
    "rubygems_",
    "dckr_",
    "hvs.",
    "hvb.",
    "hvr.",
    "eyJ",
    "PRIVATE KEY",
    "://",
    "hooks.slack",
    "discord",
    "webhook.office",
    "logic.azure",
    // Words that name a secret, in lower, Capitalized and UPPER case.
    "secret",
    "Secret",
    "SECRET",
    "token",
    "Token",
    "TOKEN",
    "passw",
    "Passw",
    "PASSW",
    "pwd",
    "Pwd",
    "PWD",
    "auth",
    "Auth",
    "AUTH",
    "session",
    "Session",
    "SESSION",
    ".sid",
    ".SID",
    "sessid",
    "SESSID",
    "key",
    "Key",
    "KEY",
    "credential",
    "Credential",
    "CREDENTIAL",
    "bearer",
    "Bearer",
    "BEARER",
    "aws",
    "Aws",
    "AWS",
    "--pass",
    "--PASS",
];
