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
    /// An issued token: not a placeholder, not a `key=value` pair, and with
    /// a digit and a lower-case letter (`token_expires_in=3600` and a run
    /// of `A`s are not tokens).
    Issued,
    /// A flag's value: not a placeholder, and not a file path (`--token-file`
    /// style flags take paths, and `--key /etc/tls/key.pem` names a file).
    Flag,
    /// A command's argument where prose may name the command too ("the
    /// zip -P option is insecure"): not a placeholder, not one of the
    /// small words a sentence goes on with, not a status word, not a
    /// keystroke (`y`, `\n`) and not a file of passwords to try.
    Argument,
    /// A generated value where names are written too: random enough to
    /// be generated (long, mixed, high entropy) and not an identifier of
    /// words and numbers (`release_manager_2024`).
    Random,
}

pub struct Builtin {
    pub name: &'static str,
    /// Literals, as they are usually written; the regex runs only on lines
    /// containing one (compared ignoring ASCII case).
    pub keywords: &'static [&'static str],
    /// Case-sensitive literals inside a run of token characters that also
    /// make the regex run (a JWT's `eyJ`, an Azure secret's `Q~`).
    pub run_anchors: &'static [&'static str],
    pub pattern: &'static str,
    /// Capture group holding the secret (0: the whole match).
    pub group: usize,
    pub judge: Judge,
    /// What it finds, and an example of the shape, for `--list-rules`.
    pub what: &'static str,
    pub example: &'static str,
    /// What the pattern needs right after each keyword, checked there
    /// before the regex runs.
    pub after_keyword: Option<AfterKeyword>,
    /// Words every match holds besides its keyword, for a rule whose
    /// keyword is common; checked on the line before the regex runs.
    pub line_needs: Option<LineNeeds>,
}

/// What a rule's pattern needs right after its keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterKeyword {
    /// An argument holding `:` or `,` (`-u user:password`, `-u :token`,
    /// `-u 'user,password'`): `mysql -u root` and `sudo -u www-data` run
    /// no regex.
    UserPassword,
}

/// One of `words`, in any ASCII case, with what follows it in the line
/// taken by `then`: what a rule's match always holds, wherever its
/// keyword stood. A line with a non-ASCII byte always passes: under `(?i)`
/// a pattern's `k` also takes the Kelvin sign, and its `\s` takes Unicode
/// blanks. Unlike [`ALSO_NEEDS`] (exact spellings, for every rule of a
/// name, outside markers), one rule's, for a `(?i)` pattern whose word
/// must be followed by something (`auth` and its argument).
#[derive(Clone, Copy, Debug)]
pub struct LineNeeds {
    pub words: &'static [&'static str],
    pub then: fn(&[u8]) -> bool,
}

/// The tools of the remote-execution rule, which ` -u` sets off: in most
/// lines with ` -u` it is `mysql`, `sudo` or `curl`. Its pattern names
/// them from this list, so the two cannot drift apart.
const REMOTE_TOOLS: LineNeeds = LineNeeds {
    words: &[
        "psexec",
        "psexec64",
        "paexec",
        "rdesktop",
        "cqlsh",
        "smbmap",
        "crackmapexec",
        "cme",
        "netexec",
        "nxc",
        "evil-winrm",
        "medusa",
        "enum4linux",
    ],
    then: |_| true,
};

/// Redis' `AUTH` as every form of the rule writes it, with its argument
/// next: `AUTH pw`, `"AUTH" "pw"`, `a2="auth" a3=…`, `\"auth\" \"pw\"`.
/// `redis-cli -a …` sets the rule off, and a log line around it says
/// `auth_method=` or `"auth":"ok"`.
const REDIS_AUTH: LineNeeds = LineNeeds {
    words: &["auth"],
    then: |rest| match rest {
        [b'"', c, ..] | [c, ..] if ascii_blank(*c) => true,
        [b'\\', ..] => true,
        _ => false,
    },
};

/// The ASCII bytes a pattern's `\s` takes (with VT, which
/// `u8::is_ascii_whitespace` leaves out).
pub fn ascii_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// A backslash and the ASCII punctuation a shell escapes with it in an
/// unquoted word (`S3cr\$et`, `pa\!ss`, `a\\b`): part of a bare value,
/// which used to stop at the backslash and show the rest. Not a quote
/// (`\"` ends a value written inside a JSON string) nor a letter (`\n`
/// there ends a line).
macro_rules! shell_esc {
    () => {
        r#"\\[!#$%&()*+,\-./:;<=>?@\[\\\]^_`{|}~]"#
    };
}

/// [`shell_esc!`], for the patterns built with `format!`.
pub(super) const ESC: &str = shell_esc!();

/// Commands that take a password in a flag; the flag's value is hidden
/// only after one of them, so `ls -p` stays as it is.
const CLI: &str = r"[^|;&\n]*?";

/// A flag's value as alternatives, a group each: quoted whole, or a word
/// that does not end in `)`, its shell escapes kept.
macro_rules! value_alternatives {
    () => {
        concat!(
            r#"'([^']+)'|"([^"]+)"|((?:[^\s"'\\]|"#,
            shell_esc!(),
            r#")*(?:[^\s"'\\)]|"#,
            shell_esc!(),
            "))"
        )
    };
}

/// A flag's value (see [`value_alternatives!`]).
const VALUE: &str = concat!("(?:", value_alternatives!(), ")");

/// [`VALUE`], or quoted JSON-escaped (`\"S3cret\"`, a command line inside
/// a JSON string); a bare value does not start with a backslash.
const VALUE_ESC: &str = concat!(
    r#"(?:\\"((?:[^"\\]|\\[^"])+)\\"|"#,
    value_alternatives!(),
    ")"
);

/// Arguments of a Linux audit `EXECVE` record, which writes the command
/// line as `a0="mysql" a1="-uroot" a2="-pS3cret"`, up to the opening quote
/// of the one that matters. Each rule reads it after its program as `a0`
/// (`a3="mysql"` is an argument of something else), and puts that form
/// first: an alternative of higher priority left open (a `[^|;&\n]*?` that
/// may still end at the line's end) makes the search read the rest of the
/// line after every match.
const AUDIT_ARG: &str = r#"(?:\s+a\d+="[^"]*")*?\s+a\d+=""#;

/// The program of an audit record, from any directory.
const AUDIT_A0: &str = r#"(?-u:\b)a0="(?:[^"]*/)?"#;

/// [`AUDIT_A0`] and [`AUDIT_ARG`] as `ausearch -i` prints a record: the
/// arguments unquoted (`a0=mysql a1=-uroot a2=-pS3cret`).
const AUSEARCH_A0: &str = r#"(?-u:\b)a0=(?:[^\s"]*/)?"#;
const AUSEARCH_ARG: &str = r#"(?:\s+a\d+=[^\s"]*)*?\s+a\d+="#;

/// Redis' MONITOR output: the client in brackets, then the command and
/// each argument quoted (`… [0 10.0.0.1:5000] "AUTH" "…"`).
const REDIS_MONITOR: &str = r"\[\d+ \S+?\] ";

/// Where a Redis command is typed: after `redis-cli` and its options on a
/// command line, or at its prompt (`127.0.0.1:6379> `, older ones `redis
/// 127.0.0.1:6379> `) at the line's start, or after a syslog tag (`redis[1]:
/// 127.0.0.1:6379> `, a host and a port: `app: 10:42:05> auth failures` is a
/// log's).
fn redis_command() -> String {
    format!(
        r"(?:\bredis-cli{CLI}\s|^(?:redis )?\S*:\d+(?:\[\d+\])?>\s*|:[ \t]+(?:redis )?(?:[\w.-]+|\[[0-9A-Fa-f:.]+\]):\d{{1,5}}(?:\[\d+\])?>[ \t]*)"
    )
}

/// `sudo -S` after any of sudo's options (`-u root`, `--user=root`), from
/// any directory, also among other flags (`-SE`, `-Sv`) and as `--stdin`:
/// it reads the password from standard input. In ASCII classes, as
/// [`STDIN`].
const SUDO_S: &str = r#"(?:[^ \t\n|]*/)?sudo[ \t]+(?:-[A-Za-z]+[ \t]+(?:[^- \t\n|<][^ \t\n|]*[ \t]+)?|--[a-z-]+=[^ \t\n|]*[ \t]+)*?(?:-[A-Za-z]*S[A-Za-z]*|--stdin)(?-u:\b)"#;

/// The other commands that read a password from standard input (see the
/// rule), in ASCII classes: the rule is compiled on the first line with
/// ` -u`, and Unicode ones doubled what that costs.
const STDIN: &str = r#"(?i:[^|\n]*?[ \t]--password-stdin(?-u:\b)|gh[ \t]+auth[ \t]+login[ \t]+[^|\n]*?--with-token(?-u:\b))"#;

/// Where a command's name starts: at the line's start or after a blank,
/// a quote, a path's slash, a pipe or `=`, not inside a word or a file
/// name (`tool.zip -P /opt` is wget's directory).
const COMMAND: &str = r#"(?:^|[\s"'/\\|=(])"#;

pub fn builtins() -> Vec<Builtin> {
    let b = |name, keywords, run_anchors, pattern: String, group, judge, what, example| Builtin {
        name,
        keywords,
        run_anchors,
        pattern: Box::leak(pattern.into_boxed_str()),
        group,
        judge,
        what,
        example,
        after_keyword: None,
        line_needs: None,
    };
    vec![
        // PEM private keys written on one line, with literal \n escapes, as
        // in JSON service-account files and environment variables. Multi-line
        // blocks are handled by the stream state in `Redactor`.
        b(
            "private-key",
            &["PRIVATE KEY"],
            &[],
            r"(-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:.*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|.*))".into(),
            1,
            Judge::Always,
            "PEM private keys of every kind (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted) and PGP private key blocks",
            "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3Bl…\\n-----END OPENSSH PRIVATE KEY-----",
        ),
        b(
            "putty-private-key",
            &["PuTTY-User-Key-File"],
            &[],
            r"(PuTTY-User-Key-File-\d+:.*?Private-MAC:\s*[0-9a-fA-F]+)".into(),
            1,
            Judge::Always,
            "a PuTTY key file written on one line, header to MAC",
            "PuTTY-User-Key-File-3: ssh-ed25519\\nEncryption: none\\n…Private-MAC: 0a1b…",
        ),
        b(
            "putty-private-key",
            &["Private-Lines:"],
            &[],
            r"Private-Lines:\s*\d+((?:\\{1,2}r|\\{1,2}n|\s)+[A-Za-z0-9+/=]{8,}(?:(?:\\{1,2}r|\\{1,2}n|\s)+[A-Za-z0-9+/=]{4,})*)".into(),
            1,
            Judge::Always,
            "the private part of a PuTTY key file",
            "Private-Lines: 1\\nAAAAIA…",
        ),
        b(
            "aws-secret-key",
            &["aws"],
            &[],
            r#"(?i)aws[_\-.]?(?:secret[_\-.]?(?:access[_\-.]?)?key|sak)(?:["']?\s*[:=]\s*["']?|\s+)([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)"#.into(),
            1,
            Judge::NotPlaceholder,
            "AWS secret access key after its name",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        b(
            "azure-storage-key",
            &["AccountKey=", "SharedAccessKey="],
            &[],
            r"(?i)(?:AccountKey=|SharedAccessKey=)([A-Za-z0-9+/]{40,}={0,2})".into(),
            1,
            Judge::Always,
            "Azure storage account and Service Bus keys in connection strings",
            "AccountKey=Zm9vYmFy…==",
        ),
        b(
            "azure-client-secret",
            &[],
            &["Q~"],
            r"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)".into(),
            1,
            Judge::Always,
            "Azure AD (Entra ID) client secret",
            "abc8Q~aB3dE5gH7jK9mN1pQ2sT4vW6yZ8cF0aB3d",
        ),
        b(
            "slack-webhook",
            &["hooks.slack.com"],
            &[],
            r"hooks\.slack\.com/((?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{8,})".into(),
            1,
            Judge::Always,
            "Slack incoming webhook and workflow URLs (the path)",
            "https://hooks.slack.com/services/T000/B000/XXXX",
        ),
        b(
            "discord-webhook",
            &["discord"],
            &[],
            r"discord(?:app)?\.com/api/(?:v\d+/)?webhooks/(\d+/[A-Za-z0-9_\-]{20,})".into(),
            1,
            Judge::Always,
            "Discord webhook URLs (id and token)",
            "https://discord.com/api/webhooks/123/aB3dE5…",
        ),
        b(
            "teams-webhook",
            &["webhook.office.com", "logic.azure.com", "outlook.office.com"],
            &[],
            r"(?:webhook\.office\.com/webhookb2|outlook\.office\.com/webhook|logic\.azure\.com[:0-9]*/workflows)/([A-Za-z0-9@/?=&%._\-]{20,})".into(),
            1,
            Judge::Always,
            "Microsoft Teams and Power Automate webhook URLs",
            "https://x.webhook.office.com/webhookb2/…",
        ),
        b(
            "webhook-url",
            &[],
            &["hooks.zapier.com/", "tines.com/webhook/"],
            r"(?:hooks\.zapier\.com/hooks/(?:catch|standard)/|\.tines\.com/webhook/)([A-Za-z0-9/_\-]{6,})".into(),
            1,
            Judge::Always,
            "Zapier and Tines webhook URLs (the path)",
            "https://hooks.zapier.com/hooks/catch/1234567/abcdef",
        ),
        b(
            "twitter-bearer-token",
            &[],
            &["AAAAAAAAAAAAAAAAAAAAA"],
            r"(?:^|[^A-Za-z0-9])(A{20,24}[A-Za-z0-9%]{60,160})".into(),
            1,
            Judge::Issued,
            "Twitter/X app bearer token",
            "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid…",
        ),
        b(
            "airtable-oauth-token",
            &[],
            &[".v1."],
            r"(?:^|[^A-Za-z0-9])([A-Za-z0-9]{14}\.v1\.[A-Za-z0-9_\-]{50,300}\.[0-9a-f]{32,64})".into(),
            1,
            Judge::Always,
            "Airtable OAuth token",
            "aB3dE5gH7jK9mN.v1.aB3d…(60).0123456789abcdef0123456789abcdef",
        ),
        b(
            "azure-acr-password",
            &[],
            &["+ACR"],
            r"(?:^|[^A-Za-z0-9+/])([A-Za-z0-9]{42}\+ACR[A-Za-z0-9]{6})(?:[^A-Za-z0-9+/]|$)".into(),
            1,
            Judge::Always,
            "Azure Container Registry password",
            "aB3dE5gH7jK9mN1pQ2sT4vW6yZ8cF0aB3dE5gH7jK9+ACRmN1pQ2",
        ),
        b(
            "salesforce-token",
            &[],
            &["00D"],
            r"(?:^|[^A-Za-z0-9])(00D[A-Za-z0-9]{12}![A-Za-z0-9._]{80,})".into(),
            1,
            Judge::Always,
            "Salesforce session/access token",
            "00DaB3dE5gH7jK9!aB3dE5…",
        ),
        b(
            "webex-bot-token",
            &[],
            &["-4"],
            r"(?:^|[^A-Za-z0-9])([A-Za-z0-9]{64}_[A-Za-z0-9]{4}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})".into(),
            1,
            Judge::Always,
            "Webex bot token",
            "aB3d…(64)_aB3d_1e609f22-6b5e-4899-a6e4-1be4f291e1d2",
        ),
        b(
            "new-relic-license-key",
            &[],
            &["NRAL"],
            r"(?:^|[^A-Za-z0-9])([0-9a-f]{32}FFFFNRAL|[0-9a-f]{40}NRAL)(?:[^A-Za-z0-9]|$)".into(),
            1,
            Judge::Always,
            "New Relic license (ingest) key",
            "0123456789abcdef0123456789abcdefFFFFNRAL",
        ),
        b(
            "maxmind-license-key",
            &[],
            &["_mmk"],
            r"(?:^|[^A-Za-z0-9_])([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)(?:[^A-Za-z0-9_]|$)".into(),
            1,
            Judge::Always,
            "MaxMind license key",
            "aB3dE5_gH7jK9mN1pQ2sT4vW6yZ8cF0aB3dE5g_mmk",
        ),
        b(
            "authress-key",
            &[],
            &[".acc_", ".acc-"],
            r"(?:^|[^A-Za-z0-9_])((?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120})".into(),
            1,
            Judge::Always,
            "Authress access key",
            "sc_abcde12345.ab12c.acc_abcdefghij12.aB3dE5gH7jK9mN1pQ2sT4vW6yZ8cF0",
        ),
        b(
            "sidekiq-secret",
            &["contribsys"],
            &[],
            r#"(?i)(?:bundle_(?:gems|enterprise)__contribsys__com|bundle(?:Gems|Enterprise)ContribsysCom)\\?["']?\s*[:=]\s*\\?["']?([0-9a-f]{8}:[0-9a-f]{8})"#.into(),
            1,
            Judge::Always,
            "Sidekiq Pro/Enterprise gem credentials",
            "BUNDLE_GEMS__CONTRIBSYS__COM=0123abcd:4567ef01",
        ),
        b(
            "named-secret-value",
            &["password", "secret", "token", "pass\""],
            &[],
            r#"(?i)"name"\s*:\s*"([A-Za-z0-9_.\-]*(?:password|passwd|pass|secret|token|api_?key|credential|pw)[A-Za-z0-9_.\-]*)"\s*,\s*"value"\s*:\s*"([^"]+)""#.into(),
            2,
            Judge::NotPlaceholder,
            "the value of a Kubernetes-style {\"name\": \"DB_PASSWORD\", \"value\": \"…\"} entry",
            "{\"name\": \"DB_PASSWORD\", \"value\": \"S3cret\"}",
        ),
        b(
            "netrc-password",
            &["machine"],
            &[],
            r"\bmachine\s+\S+\s+login\s+\S+\s+password\s+(\S+)".into(),
            1,
            Judge::NotPlaceholder,
            "the password of a .netrc entry",
            "machine api.example.com login bot password S3cret",
        ),
        b(
            "xml-secret-attribute",
            &["password\" value=", "secret\" value=", "token\" value="],
            &[],
            r#"(?i)key=\\?"[^"]*(?:password|secret|token|apikey)\\?"\s+value=\\?"([^"\\]+)\\?""#.into(),
            1,
            Judge::NotPlaceholder,
            "secrets in XML settings (`<add key=\"Password\" value=\"…\"/>`, NuGet, .NET)",
            "<add key=\"ClearTextPassword\" value=\"S3cret\" />",
        ),
        b(
            "telegram-bot-token",
            &["telegram"],
            &[],
            r"(?i)(?:telegram|bot)[^0-9]{0,40}?(\d{8,10}:AA[A-Za-z0-9_\-]{33})(?:[^A-Za-z0-9_\-]|$)".into(),
            1,
            Judge::Always,
            "Telegram bot token",
            "bot123456789:AAaB3dE5gH7jK9mN1pQ2sT4vW6yZ8cF0aB3",
        ),
        b(
            "mailchimp-key",
            &[],
            &["-us"],
            r"(?:^|[^A-Za-z0-9])([0-9a-f]{32}-us\d{1,2})(?:[^A-Za-z0-9]|$)".into(),
            1,
            Judge::Always,
            "Mailchimp API key",
            "0123456789abcdef0123456789abcdef-us21",
        ),
        // Pre-1.10 Vault tokens (`s.` and 24 characters) are too plain to
        // find anywhere; only where a Vault command or header hands them over.
        b(
            "vault-token",
            &["vault login", "x-vault-token"],
            &[],
            r#"(?i)(?:vault\s+login\s+(?:-\S+\s+)*|x-vault-token["']?\s*[:=]\s*["']?)(s\.[A-Za-z0-9]{24})(?:[^A-Za-z0-9]|$)"#.into(),
            1,
            Judge::Always,
            "legacy HashiCorp Vault token where a Vault command or header passes it",
            "vault login s.aB3dE5gH7jK9mN1pQ2sT4vW6",
        ),
        b(
            "jwt",
            &["eyJ"],
            &["eyJ"],
            r"(eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{8,})".into(),
            1,
            Judge::Always,
            "JSON Web Tokens (signed), Supabase and service-role keys among them",
            "eyJhbGciOi….eyJzdWIiOi….SflKxwRJ…",
        ),
        b(
            "jwt",
            &[],
            &["ewog", "ewoJ"],
            // A header written as indented JSON (`{\n  "alg"…` is `ewog…`).
            r"(ewo[gJ][A-Za-z0-9_\-]{5,}\.e[wy][A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{8,})".into(),
            1,
            Judge::Always,
            "JSON Web Tokens whose header is indented JSON",
            "ewogICJhbGciOi….ewogICJzdWIi….SKSgR74G…",
        ),
        b(
            "azure-function-key",
            &[],
            &["azurewebsites.net"],
            // A function's key in its URL (`?code=…`).
            r"\.azurewebsites\.net/api/[^\s?#]*\?(?:[^\s&#]*&)*code=([A-Za-z0-9_\-]{20,56}={0,2})".into(),
            1,
            Judge::Always,
            "the key of an Azure Function in its URL (`?code=`)",
            "https://fn.azurewebsites.net/api/ingest?code=3FlWJ3hs…==",
        ),
        b(
            "azure-sas-signature",
            &["sig="],
            &[],
            r"[?&]sig=([A-Za-z0-9%+/=]{20,})".into(),
            1,
            Judge::Always,
            "Azure shared access signatures in URLs",
            "?sv=2022-11-02&sig=aB3dE5gH7jK9mN1pQ2sT4vW6%3D",
        ),
        b(
            "url-credentials",
            &["://"],
            &[],
            // The password runs to the last `@` of the authority, so an unencoded
            // `@` inside it does not leave the rest showing.
            r"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:([^/\s]+)@".into(),
            1,
            Judge::NotPlaceholder,
            "the password in `scheme://user:password@host`, any scheme",
            "postgres://app:S3cretPw@db:5432/app",
        ),
        b(
            "github-token",
            &["://"],
            &[],
            // GitHub's `https://TOKEN:x-oauth-basic@github.com` puts the
            // token in the user's place (the password is a placeholder).
            // A rule of its own, run only where `x-oauth-` is written
            // (ALSO_NEEDS): an alternative in the URL rule costs every
            // URL's search.
            r"://([^/\s:@]+):x-oauth-(?:basic|token)@".into(),
            1,
            Judge::NotPlaceholder,
            "a GitHub token as the user of `https://TOKEN:x-oauth-basic@github.com`",
            "https://0fb3e132…:x-oauth-basic@github.com/acme/app.git",
        ),
        b(
            "sidekiq-credentials",
            &[],
            &["contribsys.com"],
            // Sidekiq Pro/Enterprise's gem server: user and password are
            // one credential.
            r"://([0-9a-fA-F]{8}:[0-9a-fA-F]{8})@(?:gems|enterprise)\.contribsys\.com\b".into(),
            1,
            Judge::Always,
            "the user and password of Sidekiq's gem server URL",
            "https://7e7606a6:71984afe@gems.contribsys.com/",
        ),
        b(
            "authorization-header",
            &["authorization"],
            &[],
            r#"(?i)authorization\\?["']?\s*[:=]\s*\\?["']?(?:[A-Za-z][A-Za-z0-9_\-]*\s+)?([^\s"',;\\]{6,})"#.into(),
            1,
            Judge::Credential,
            "the credential of an `Authorization:` or `Proxy-Authorization:` header, any scheme",
            "Authorization: Basic YWxpY2U6czNjcmV0",
        ),
        b(
            "bearer-token",
            &["bearer"],
            &[],
            r"(?i)\bbearer\s+([A-Za-z0-9._~+/\-]{16,}=*)(?:[^A-Za-z0-9._~+/=\-]|$)".into(),
            1,
            Judge::Issued,
            "a bearer token wherever it is written",
            "Bearer aB3dE5gH7jK9mN1pQ2sT",
        ),
        b(
            "crypt-hash",
            &["$1$", "$apr1$", "$2a$", "$2b$", "$2x$", "$2y$", "$5$", "$6$", "$7$", "$y$", "$gy$", "$argon2", "$scrypt$", "$pbkdf2", "grub.pbkdf2."],
            // `$6$rounds=5000$salt$hash`: the `=` cuts the run before the
            // hash; any run holding a `$` has the regex look (Django's
            // `pbkdf2_sha256$…`, PostgreSQL's `SCRAM-SHA-256$…` and a
            // Kerberos ticket's hex among them).
            &["$"],
            concat!(
                r"(?:^|[^A-Za-z0-9$])(",
                // crypt(3) and passlib (WordPress 6.8 wraps bcrypt in `$wp`)
                r"\$(?:1|apr1|2[abxy]|5|6|7|y|gy|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?|sha1|md5(?:,rounds=\d+)?|wp\$2[abxy])\$[A-Za-z0-9./+$=,\-]{16,}",
                // phpass (`$P$`, `$H$`) and Drupal (`$S$`, `U$S$` rehashed):
                // their full length in the crypt alphabet, so `$P$HOME` and
                // `$S$-----` in a table stay
                r"|\$[PH]\$[./0-9A-Za-z]{31,}|U?\$S\$[./0-9A-Za-z]{52,}",
                // Django's `algorithm$iterations$salt$hash`, in full
                r"|pbkdf2_sha(?:1|256)\$\d+\$[^$\s]+\$[A-Za-z0-9+/=]{16,}",
                r"|argon2\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]{16,}",
                r"|bcrypt(?:_sha256)?\$\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}",
                r"|scrypt\$\d+\$[^$\s]+\$\d+\$\d+\$[A-Za-z0-9+/=]{16,}",
                r"|sha1\$[A-Za-z0-9]*\$[0-9a-f]{40}|md5\$[A-Za-z0-9]*\$[0-9a-f]{32}",
                // PostgreSQL's SCRAM verifier
                r"|SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]{16,}",
                // GRUB's `password_pbkdf2`
                r"|grub\.pbkdf2\.sha512\.\d+\.[0-9A-Fa-f]{16,}\.[0-9A-Fa-f]{16,}",
                // Kerberos tickets cracked offline (Kerberoasting, AS-REP,
                // pre-auth): any user or SPN between the stars, hex after
                r"|\$krb5tgs\$\d+\$(?:\*[^*\n]+\*\$)?[0-9a-fA-F]{16,}\$[0-9a-fA-F]{16,}",
                r"|\$krb5asrep\$\d+\$[^:\s]+:[0-9a-fA-F]{16,}\$[0-9a-fA-F]{16,}",
                r"|\$krb5pa\$\d+\$\S*?[0-9a-fA-F]{32,}",
                r")"
            )
            .into(),
            1,
            Judge::Always,
            "password hashes: crypt(3) (/etc/shadow, htpasswd: md5, bcrypt, sha256, sha512, yescrypt, sha1crypt), argon2, scrypt, pbkdf2, phpass (WordPress), Drupal, Django, PostgreSQL SCRAM, GRUB, Kerberos tickets",
            "$6$rounds=5000$saltsalt$aB3dE5gH7jK9mN1pQ2sT…",
        ),
        b(
            "cli-password-flag",
            &["mysql", "mariadb"],
            &[],
            // An audit record's argument (`a2="-pS3cret"`) is read up to its
            // closing quote, which the match leaves out.
            // `-P` is the port.
            format!(r#"(?i){AUDIT_A0}{programs}"{AUDIT_ARG}(?-i:-p)([^\s"\\]+)|{AUSEARCH_A0}{programs}{AUSEARCH_ARG}(?-i:-p)([^\s"\\]+)|\b{programs}{CLI}\s(?-i:-p){VALUE}"#, programs = "(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)"),
            1,
            Judge::NotPlaceholder,
            "a MySQL/MariaDB password glued to -p",
            "mysql -u root -pS3cret",
        ),
        b(
            "cli-password-flag",
            &["redis-cli"],
            &[],
            format!(r#"(?i){AUDIT_A0}redis-cli"{AUDIT_ARG}(?:-a|--pass)"\s+a\d+="((?:[^"\\]|\\.)+)|{AUSEARCH_A0}redis-cli{AUSEARCH_ARG}(?:-a|--pass)\s+a\d+=([^\s"\\]+)|\bredis-cli{CLI}\s(?:-a|--pass)\s+{VALUE_ESC}"#),
            1,
            Judge::NotPlaceholder,
            "redis-cli -a PASSWORD",
            "redis-cli -h cache -a S3cret",
        ),
        b(
            "cli-password-flag",
            &["sshpass"],
            &[],
            // In an audit record, among sshpass' own options (they start with
            // a dash), not the command's after them (`ssh -p 2222`). Its
            // `-P` names the prompt to wait for, not a password.
            format!(r#"(?i){AUDIT_A0}sshpass"(?:\s+a\d+="-[^"]*")*?\s+a\d+="(?-i:-p)(?:"\s+a\d+=")?((?:[^"\\]|\\.)+)|{AUSEARCH_A0}sshpass(?:\s+a\d+=-[^\s"]*)*?\s+a\d+=(?-i:-p)(?:\s+a\d+=)?([^\s"\\]+)|\bsshpass\s+(?-i:-p)\s*{VALUE_ESC}"#),
            1,
            Judge::NotPlaceholder,
            "sshpass -p PASSWORD",
            "sshpass -p S3cret ssh host",
        ),
        Builtin {
            after_keyword: Some(AfterKeyword::UserPassword),
            ..b(
            "cli-password-flag",
            &[" -u", "--user ", "--user="],
            &[],
            format!(r#"(?:\s-u|--user)[\s=]*(?:'[^'\s:]+:([^'/][^']*)'|"[^"\s:]+:([^"/][^"]*)"|[^\s:"'\[]+:'([^']+)'|[^\s:"'\[]+:"([^"]+)"|[^\s:"'\[]+:((?:[^\s"'\\/]|{ESC})(?:[^\s"'\\]|{ESC})*(?:[^\s"'\\)]|{ESC})))|(?:\s-u|--user)[\s=]+(?:':([^']+)'|":([^"]+)"|:((?:[^\s"'\\/:]|{ESC})(?:[^\s"'\\]|{ESC})*(?:[^\s"'\\)]|{ESC})))|\bcurl\b[^|;&\n]*?\s-u:((?:[^\s"'\\/:]|{ESC})(?:[^\s"'\\]|{ESC})*(?:[^\s"'\\)]|{ESC}))|\blftp\b[^|;&\n]*?\s-u\s+(?:'[^',]+,([^']+)'|"[^",]+,([^"]+)"|[^\s,"']+,(?:'([^']+)'|"([^"]+)"|((?:[^\s"'\\]|{ESC})+)))"#),
            1,
            Judge::NotPlaceholder,
            "the password in `curl -u user:password` (or `-u :token`), `lftp -u user,password`",
            "curl -u deploy:S3cret https://host/",
        )
        },
        Builtin {
            after_keyword: Some(AfterKeyword::UserPassword),
            ..b(
            "cli-password-flag",
            &[" -u", "--user ", "--user="],
            &[],
            // An API key given to curl as the user, with no password
            // (`curl -u sk_test_…:`, `-u "$KEY:"` expanded): what many
            // APIs' documentation shows. A name with an empty password
            // (`-u admin:`, `-u release_manager_2024:`) is no secret: the
            // judge wants a generated value. In ASCII classes: with
            // Unicode ones, compiling it on the first line with ` -u` cost
            // 100M instructions (about 25 ms).
            r#"(?-u:\b)curl(?-u:\b)[^|;&\n]*?[ \t](?:-u|--user)[ \t=]+(?:'([A-Za-z0-9_.\-]{16,}):'|"([A-Za-z0-9_.\-]{16,}):"|([A-Za-z0-9_.\-]{16,}):(?:[ \t]|$))"#.into(),
            1,
            Judge::Random,
            "an API key given to curl as the user, with an empty password (`curl -u KEY:`)",
            "curl -u aB3dE5gH7jK9mN1pQ2rS: https://api.example.com/",
        )
        },
        b(
            "cli-password-flag",
            &["htpasswd"],
            &[],
            format!(r#"\bhtpasswd\s+(?:-[a-zA-Z]*b[a-zA-Z]*\s+)(?:-\S+\s+)*\S+\s+\S+\s+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "htpasswd -b FILE USER PASSWORD",
            "htpasswd -b /etc/nginx/.htpasswd admin S3cret",
        ),
        b(
            "cli-password-flag",
            &["pass:"],
            &[],
            format!(r#"-(?:passin|passout|pass|password|k)\s+["']?pass:{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "OpenSSL passphrases given as pass:SECRET",
            "openssl rsa -in k.pem -passin pass:S3cret",
        ),
        b(
            "cli-password-flag",
            &["docker login", "podman login", "helm registry login"],
            &[],
            format!(r#"(?i)\b(?:docker|podman|nerdctl|buildah|helm\s+registry)\s+login{CLI}\s(?:-p|--password)[\s=]+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "docker/podman/helm login -p PASSWORD",
            "docker login -u ci -p S3cret registry.example.com",
        ),
        b(
            "cli-password-flag",
            &["rabbitmqctl"],
            &[],
            format!(r#"(?i)\brabbitmqctl\s+(?:add_user|change_password)\s+["']?[^\s"']+["']?\s+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "rabbitmqctl add_user USER PASSWORD",
            "rabbitmqctl add_user app S3cret",
        ),
        b(
            "cli-password-flag",
            &["smbclient"],
            &[],
            format!(r#"(?:-U\s+|username=)[^\s%,]+%{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "smbclient -U user%PASSWORD",
            "smbclient //fs/share -U alice%S3cret",
        ),
        b(
            "cli-password-flag",
            &["az login"],
            &[],
            format!(r#"(?i)\baz\s+login\b{CLI}\s-p[\s=]+{VALUE}"#),
            1,
            Judge::Flag,
            "az login -p SECRET",
            "az login --service-principal -u APP -p S3cret --tenant T",
        ),
        b(
            "cli-password-flag",
            &["openssl"],
            &[],
            format!(r#"\bopenssl\s+(?:enc|aes-\S+|des\S*){CLI}\s-k\s+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "openssl enc -k PASSWORD",
            "openssl enc -d -aes-256-cbc -k S3cret -in b.enc",
        ),
        b(
            "cli-password-flag",
            &["ldap"],
            &[],
            format!(r#"\bldap(?:search|modify|add|delete|passwd|whoami|compare|modrdn){CLI}\s-w\s+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "ldapsearch -w PASSWORD (and the other OpenLDAP tools)",
            "ldapsearch -x -D cn=admin -w S3cret",
        ),
        b(
            "cli-password-flag",
            &["mongo"],
            &[],
            format!(r#"\bmongo(?:sh|dump|restore|export|import|stat|top)?\b{CLI}\s(?:-p|--password)[\s=]+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "mongosh -p PASSWORD (and the other MongoDB tools)",
            "mongosh -u admin -p S3cret",
        ),
        b(
            "azure-apim-password",
            &["git&"],
            &[],
            r"(?:^|[^A-Za-z0-9])(git&\d{12}&[A-Za-z0-9+/]{80,90}={0,2})".into(),
            1,
            Judge::Always,
            "Azure API Management git password",
            "git&202601011200&aB3dE5…==",
        ),
        b(
            "cli-password-flag",
            &[" -P "],
            &[],
            // `-P` only, as the tools spell it: their `-p` is something else
            // (sqlcmd's statistics), and `rsync -P`/`scp -P` take no
            // password, which the command before the flag rules out.
            format!(r#"{COMMAND}(?i:sqlcmd|osql|isql|bcp|ipmitool|zip|unzip|zipcloak)(?i:\.exe)?(?:\s[^|;&\n`]*?)?\s-P\s+{VALUE_ESC}"#),
            1,
            Judge::Argument,
            "sqlcmd/bcp/isql, ipmitool and zip -P PASSWORD",
            "sqlcmd -S db01 -U sa -P S3cret",
        ),
        b(
            "cli-password-flag",
            &["-pw "],
            &[],
            // PuTTY's command-line tools (plink, pscp, psftp) and WinSCP;
            // the command must come first: "the -pw flag" is prose.
            format!(r#"{COMMAND}(?i:plink|pscp|psftp|putty|winscp)(?i:\.exe|\.com)?(?:\s{CLI})?\s-pw\s+{VALUE_ESC}"#),
            1,
            Judge::Argument,
            "plink/pscp/psftp -pw PASSWORD",
            "plink -ssh admin@host -pw S3cret uptime",
        ),
        b(
            "cli-password-flag",
            &["sqlplus"],
            &[],
            // `user/password@db` (Oracle's connect string); `/ as sysdba`
            // and `user@db` name no password.
            r#"(?i)\bsqlplus(?:\.exe)?(?:\s+-\w+(?:\s+"[^"]*")?)*\s+["']?[A-Za-z][\w$#.]*/(?:"([^"]+)"|([^\s@/"']+))(?:@|["']?(?:\s|$|[,}\]]))"#.into(),
            1,
            Judge::Argument,
            "sqlplus USER/PASSWORD@DB",
            "sqlplus system/S3cret@ORCL",
        ),
        Builtin {
            line_needs: Some(REDIS_AUTH),
            ..b(
            "cli-password-flag",
            // ` "auth"`, not `"auth" "`: each keyword is tried at every
            // `uth` of a busy log by one byte first, and the byte three
            // before `uth` is seldom a blank where JSON writes `,"auth":`.
            &[" \"auth\"", " \\\"auth\\\"", "redis-cli", "> auth "],
            &[],
            // MONITOR quotes the command and every argument (`"AUTH"
            // "…"`, `"HELLO" "3" "AUTH" "default" "…"`, also after
            // `"SETNAME" "…"`, MIGRATE's `"AUTH" "…"` after its five
            // arguments (`AUTH2` has no keyword of its own); in a JSON string `\"AUTH\"
            // \"…\"`); audit's record of `redis-cli … AUTH …`; a command line
            // and the prompt give `AUTH [user] password` (see
            // `redis_command`). The command ends there, or its output is
            // redirected (`2>&1`): `redis-cli … ping auth failed for bob`
            // is a log line about it.
            format!(
                r#"(?i){REDIS_MONITOR}(?:"hello" "\d+"(?: "setname" "(?:[^"\\]|\\.)*")? )?"auth"(?: "[^"\\]*")? "((?:[^"\\]|\\.)+)"|{REDIS_MONITOR}"migrate"(?: "(?:[^"\\]|\\.)*"){{5}}(?: "copy"| "replace")* "auth" "((?:[^"\\]|\\.)+)"|{AUDIT_A0}redis-cli"{AUDIT_ARG}auth"(?:\s+a\d+="[^"]*")?\s+a\d+="((?:[^"\\]|\\.)+)"|{AUSEARCH_A0}redis-cli{AUSEARCH_ARG}auth(?:\s+a\d+=[^\s"]*)?\s+a\d+=([^\s"\\]+)|{REDIS_MONITOR}(?:\\"hello\\" \\"\d+\\" )?\\"auth\\"(?: \\"[^"\\]*\\")? \\"((?:[^"\\]|\\[^"])+)\\"|{command}"?auth"?\s+(?:[^\s"'\-;|&<>]\S*\s+|"[^"\s]+"\s+)?(?:\\"((?:[^"\\]|\\[^"])+)\\"|'([^']+)'|"([^"]+)"|((?:[^\s"'\\;|&<>]|{ESC})+))(?:\s*(?:$|[;|&"])|\s+(?:[<>]|\d>))"#, command = redis_command()
            ),
            1,
            // `redis-cli: auth required`, `… ping auth failed`: a status.
            Judge::Argument,
            "Redis AUTH [USER] PASSWORD, on the command line and as MONITOR shows it",
            r#""AUTH" "S3cret""#,
        )
        },
        b(
            "secret-assignment",
            &["requirepass", "masterauth", "auth-pass"],
            &[],
            // Redis' own password and its replicas': a line of redis.conf
            // (a dump of the file, grep's `redis.conf:1042:requirepass …`,
            // a diff's `+requirepass …`; `# requirepass foobared` is its
            // commented example, `- requirepass …` a list's item; a JSON
            // string that holds one line of it, as Docker logs `cat`:
            // `"log":"requirepass …\n"`, not a message about it), the
            // server's command line (`redis-server --requirepass …`), or
            // `CONFIG SET` on the command line, at the prompt and as
            // MONITOR quotes it (after other pairs too: `CONFIG SET
            // maxmemory 2gb requirepass …`). Sentinel's password for a master:
            // `sentinel auth-pass NAME …` in sentinel.conf, `SENTINEL SET
            // NAME auth-pass …` typed. Typed, what follows the value does
            // not matter: `set requirepass` is always followed by one,
            // even in a note's "ran redis-cli CONFIG SET requirepass … on
            // cache-1". Each keyword here is tried at every `ass` and
            // `uth` a busy log holds.
            format!(
                r#"(?i)^(?:[^\s:]+:(?:\d+:)?)?(?:[+\-]|[<>] |[ \t]*\d+\t|[ \t]*)(?:requirepass|masterauth)[ \t]+{VALUE}[ \t]*$|\\n(?:requirepass|masterauth)[ \t]+([^\s"'\\]+)(?:\\n|")|:[ \t]*"(?:requirepass|masterauth)[ \t]+([^\s"'\\]+)\\n"|^[ \t]*sentinel[ \t]+auth-pass[ \t]+\S+[ \t]+{VALUE}[ \t]*$|\bredis-server{CLI}\s--(?:requirepass|masterauth)[ \t=]+{VALUE}|{REDIS_MONITOR}"config" "set"(?: "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*")*? "(?:requirepass|masterauth)" "((?:[^"\\]|\\.)+)"|{REDIS_MONITOR}\\"config\\" \\"set\\"(?: \\"[^"\\]*\\" \\"[^"\\]*\\")*? \\"(?:requirepass|masterauth)\\" \\"((?:[^"\\]|\\[^"])+)\\"|{AUDIT_A0}redis-cli"{AUDIT_ARG}config"\s+a\d+="set"(?:\s+a\d+="[^"]*"\s+a\d+="[^"]*")*?\s+a\d+="(?:requirepass|masterauth)"\s+a\d+="((?:[^"\\]|\\.)+)"|{AUSEARCH_A0}redis-cli{AUSEARCH_ARG}config\s+a\d+=set(?:\s+a\d+=[^\s"]*\s+a\d+=[^\s"]*)*?\s+a\d+=(?:requirepass|masterauth)\s+a\d+=([^\s"\\]+)|{command}"?(?:config"?\s+"?set"?\s+(?:"?[^\s"]+"?\s+"?[^\s"]+"?\s+)*?"?(?:requirepass|masterauth)|sentinel"?\s+"?set"?\s+"?[^\s"]+"?\s+"?auth-pass)"?\s+(?:'([^']+)'|"([^"]+)"|((?:[^\s"'\\;|&]|{ESC})+))"#, command = redis_command()
            ),
            1,
            Judge::Argument,
            "Redis' requirepass, masterauth and Sentinel's auth-pass: in their config files, on redis-server's command line, and set with CONFIG SET or SENTINEL SET",
            "requirepass S3cret",
        ),
        b(
            "cli-password-flag",
            &["storepass", "keypass"],
            &[],
            format!(r#"-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)\s+{VALUE}"#),
            1,
            Judge::NotPlaceholder,
            "Java keytool store and key passwords",
            "keytool -list -keystore k.jks -storepass S3cret",
        ),
        b(
            "cli-secret-flag",
            &["-pass", "-token", "-secret", "-api-key", "-apikey", "-apiKey", "-auth", "-key"],
            &[],
            format!(r#"(?i)(?:--(?:[a-z0-9]+-)*(?:password|passwd|passphrase|pass|token|secret|api-key|apikey|access-key|secret-key|private-key|account-key|encryption-key|signing-key|license-key|master-key)|(?:^|\s)-(?:password|passwd|passphrase|token|secret))(?:=|\s+)(?:'([^']{{6,}})'|"([^"]{{6,}})"|((?:[^\s"'\\\-]|{ESC})(?:[^\s"'\\]|{ESC}){{4,}}(?:[^\s"'\\)]|{ESC})))"#),
            1,
            Judge::Flag,
            "the value of a --password, --token, --secret, --api-key (…) flag, also with a prefix (--okta-api-token, --master-user-password) or one dash (-password)",
            "--api-key aB3dE5gH7jK9mN1p",
        ),
        // A rotation writes the new value into a secret store; the commands
        // that do it carry the value in an argument that names no secret.
        b(
            "secret-store-write",
            &["secret set"],
            &[],
            format!(r#"(?i)\b(?:gh\s+secret\s+set\b{CLI}\s(?:-b|--body)|az\s+keyvault\s+secret\s+set\b{CLI}\s--value)(?:=|\s+){VALUE}"#),
            1,
            Judge::Flag,
            "the value given to `gh secret set --body` or `az keyvault secret set --value`",
            "gh secret set PROXY_JWT_SECRET --body S3cret",
        ),
        b(
            "secret-store-write",
            &["secrets set"],
            &[],
            // The arguments; each value in them is found by `EACH`.
            format!(r#"(?i)\b(?:doppler|fly|flyctl)\b{CLI}\bsecrets\s+set\b([^|;&\n]*)"#),
            1,
            Judge::Flag,
            "each value of `doppler secrets set` and `fly secrets set` KEY=VALUE …, whatever its key",
            "fly secrets set DATABASE_URL=S3cret",
        ),
        b(
            "secret-store-write",
            &["secret-string"],
            &[],
            format!(r#"(?i)--secret-string(?:=|\s+)(?:'([^']+)'|"((?:[^"\\]|\\.)+)"|((?:[^\s"'\\]|{ESC})*(?:[^\s"'\\)]|{ESC})))"#),
            1,
            Judge::Flag,
            "the value of `aws secretsmanager … --secret-string` (all of it, JSON too)",
            "aws secretsmanager put-secret-value --secret-id prod/db --secret-string S3cret",
        ),
        b(
            "secret-store-write",
            &["aws configure set"],
            &[],
            format!(r#"(?i)\baws\s+configure\s+set\s+(?:[\w-]+\.)*(?:aws_secret_access_key|aws_session_token)\s+{VALUE}"#),
            1,
            Judge::Flag,
            "the key given to `aws configure set aws_secret_access_key` (or `aws_session_token`)",
            "aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG…",
        ),
        b(
            "kubernetes-secret-literal",
            &["create secret"],
            &[],
            // The command's arguments from the first literal on; each
            // literal's value in them is found by `EACH`.
            format!(r#"(?i)\bkubectl\b{CLI}\bcreate\s+secret\s+(?:generic|docker-registry)\b{CLI}(\s--from-literal[^|;&\n]*)"#),
            1,
            Judge::Flag,
            "each value of `kubectl create secret … --from-literal=KEY=VALUE`, whatever its key",
            "kubectl create secret generic app --from-literal=jwt=S3cret",
        ),
        // `PASSWORD 'S3cret'` is read as an assignment; these forms name
        // no secret before the value. MySQL's server logs write
        // `<secret>` in their place, so they leak through its client.
        b(
            "sql-password",
            // `SET PASSWORD` alone too: a `MariaDB [(none)]>` prompt names
            // neither client in lower case.
            &["mysql", "mariadb", "set password"],
            &[],
            concat!(
                // ASCII classes and word edges: a Unicode `\b` and `\s` would
                // double the cost of compiling it, on the first mysql line.
                r#"(?i)(?:(?-u:\b)(?:user|role|to)(?-u:\b)[^;\n]*?(?-u:\b)identified[ \t]+(?:with[ \t]+'?[A-Za-z0-9_-]+'?[ \t]+)?by[ \t]+(?:password[ \t]+|values[ \t]+)?(?:'((?:[^'\\]|''|\\.)+)'|"([^"]+)")"#,
                r#"|(?-u:\b)set[ \t]+password(?-u:\b)[^;\n=]*=[ \t]*(?:password[ \t]*\([ \t]*)?(?:'((?:[^'\\]|''|\\.)+)'|"([^"]+)"))"#,
            )
            .into(),
            1,
            Judge::NotPlaceholder,
            "the password of `CREATE USER … IDENTIFIED BY '…'` and `SET PASSWORD FOR … = '…'` given to the mysql client",
            "CREATE USER 'app'@'%' IDENTIFIED BY 'S3cret';",
        ),
        b(
            "cli-password-flag",
            &["chpasswd", "passwd --stdin"],
            &[],
            r#"(?i)\becho\s+(?:-[en]+\s+)?(?:'[^':\s]+:([^']+)'|"[^":\s]+:([^"]+)"|[^\s:'"|]+:([^\s|'"]+)|'([^':]+)'|"([^":]+)"|([^\s:|'"]+))\s*\|\s*(?:sudo\s+)?(?:chpasswd|passwd\s+--stdin)\b"#.into(),
            1,
            Judge::NotPlaceholder,
            "the password echoed into `chpasswd` (user:password) or `passwd --stdin`",
            "echo 'deploy:S3cret' | chpasswd",
        ),
        b(
            "cli-password-flag",
            &["password-stdin", "sudo -", "with-token"],
            &[],
            // What is echoed (or printed, or written by PowerShell) into a
            // command that reads its secret from standard input: `docker
            // login --password-stdin`, `sudo -S` (after flags such as `-u
            // root`, or with others: `-kS`, `--stdin`), `gh auth login
            // --with-token`; and what a here-string gives them (`sudo -S
            // cmd <<< S3cret`); also through `ssh host` or `env VAR=…`
            // (`echo S3cret | ssh web-1 sudo -S reboot`), and from a
            // subshell that waits for the prompt (`(echo S3cret; sleep 1)
            // | sudo -S …`). The keyword is
            // `sudo -`, not `sudo -S`: `sudo -u root -S`, `sudo -kS` and
            // `sudo --stdin` hold no `sudo -S`.
            format!(
                r#"(?:(?-u:\b)(?i:echo|write-output)[ \t]+(?:-[en]+[ \t]+)?|(?-u:\b)printf[ \t]+(?:--[ \t]+)?(?:['"]%s(?:\\{{1,2}}n)?['"][ \t]+)?)(?:\\"((?:[^"\\]|\\[^"])+)\\"|'([^']+)'|"([^"]+)"|((?:[^- \t\n|'"\\]|{ESC})(?:[^ \t\n|'"\\]|{ESC})*))[ \t]*\|[ \t]*(?:(?:ssh|env)[ \t][^|\n]*?[ \t"'])?(?:{SUDO_S}|{STDIN})|(?:^|>[ \t]*)(?:'([^']+)'|"([^"]+)")[ \t]*\|[ \t]*(?:{SUDO_S}|{STDIN})|(?:{SUDO_S}|(?i:--password-stdin)(?-u:\b))[^|\n<]*<<<[ \t]*{VALUE}|\([ \t]*(?i:echo)[ \t]+(?:-[en]+[ \t]+)?(?:'([^']+)'|"([^"]+)"|((?:[^- \t\n|'"\\;)]|{ESC})(?:[^ \t\n|'"\\;)]|{ESC})*))[ \t]*;[^)\n]*\)[ \t]*\|[ \t]*(?:{SUDO_S}|{STDIN})"#
            ),
            1,
            // `echo ok | sudo -S -v`, `printf '\n' | sudo -S true`: a
            // status word or a keystroke, not a password.
            Judge::Argument,
            "the password echoed into --password-stdin, sudo -S or gh's --with-token",
            "echo S3cret | docker login -u ci --password-stdin",
        ),
        Builtin {
            line_needs: Some(REMOTE_TOOLS),
            ..b(
            "cli-password-flag",
            &[" -u"],
            &[],
            // Remote execution and brute-force tools take `-u USER -p
            // PASSWORD`; in an intrusion's shell history the password is the
            // attacker's (and the victim's).
            format!(r#"{COMMAND}(?i:{tools})(?i:\.exe|\.py)?(?:\s{CLI})?\s-p(?:\s+{VALUE_ESC}|'([^']+)'|"([^"]+)"|((?:[^\s'"\\\-]|{ESC})(?:[^\s'"\\]|{ESC})*))"#, tools = REMOTE_TOOLS.words.join("|")),
            1,
            Judge::Argument,
            "psexec, rdesktop, cqlsh, crackmapexec/nxc, evil-winrm … -u USER -p PASSWORD",
            "psexec \\\\host -u admin -p S3cret cmd",
        )
        },
        b(
            "cli-password-flag",
            &["net use"],
            &[],
            // `net use [Z:] \\server\share PASSWORD /user:…`, its switches
            // (`/user:`, `/u:`, `/persistent:no`) before or after; `*` asks.
            // A bare value ends at a blank, a quote or a tag (`2>nul` and
            // `&& dir` are the shell's).
            r#"\b(?i:net\s+use)\s+(?:[A-Za-z]:\s+|\*\s+)?\\\\\S+\s+(?:/[A-Za-z]+(?::\S*)?\s+)*(?:\\"((?:[^"\\]|\\[^"])+)\\"|"([^"]+)"|'([^']+)'|([^\s/*"'\\&|<>][^\s"'&|<>]*)(?:[\s"<]|$))"#.into(),
            1,
            Judge::Argument,
            "net use \\\\SERVER\\SHARE PASSWORD",
            "net use Z: \\\\fs01\\share S3cret /user:CORP\\svc",
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
    // `db_pass`, `default-pass`: the word alone, in key position.
    "pass",
    "_pat",
    "-pat",
    "pwd",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "credential",
    "passphrase",
    "key",
    "auth",
    "_key",
    "session",
    "sessid",
    // `connect.sid`; a bare `sid` is too common inside words ("inside").
    ".sid",
];

/// With [`BLOCK_ANCHORS`]: case-sensitive substrings, at least one of which
/// occurs in every line any rule above can match, in the spellings logs use, unless the match is a
/// run of token characters (`tokens::MIN_RUN` or more), which the block
/// scan finds by itself. Few enough for a SIMD multi-substring search
/// (Teddy takes 64), so lines without any are passed over at speed.
/// `tests::block_anchors_cover_every_keyword` keeps this list honest.
pub const WORD_ANCHORS: &[&str] = &[
    // Pieces of the words that name a secret, covering lower, Capitalized
    // and UPPER case: `ass` is in `password`, `Passwd`, `db_pass`,
    // `passphrase`, `sshpass` and `htpasswd`; `uth` in `auth` and
    // `Authorization`. Words whose values are long (`session`, `api_key`,
    // `credential`) need no anchor: the run gate finds their values.
    // Dense in auth logs, so searched exactly (`redact::words`).
    "ecret", "ECRET", "oken", "OKEN", "ass", "ASS", "pwd", "PWD", "uth", "UTH", "aws", "AWS",
];

/// The other block anchors (see [`WORD_ANCHORS`]).
pub const BLOCK_ANCHORS: &[&str] = &[
    // Structures and commands whose secret may be short.
    "://",
    "PRIVATE",
    "ault login",
    "sig=",
    "mysql",
    "mariadb",
    "redis-cli",
    " -u",
    "--user",
    " login",
    "ontribsys",
    "ONTRIBSYS",
    "rabbitmqctl",
    "smbclient",
    "openssl",
    "ldap",
    "mongo",
    "git&",
    "$argon2",
    "machine",
    // Password flags of SQL Server, BMC, zip, PuTTY and Oracle tools (one
    // anchor for every `-P PASSWORD`: the command is the regex's to
    // check), a password piped into `sudo -S`, and `net use` (also in
    // capitals, as Windows scripts type it: 0.25% more instructions per
    // byte of the noisy log). Each anchor costs every block some Teddy
    // work: ` /p:` (xfreerdp) cost the noisy log 2.3% more instructions
    // and is left out, `Net use` and `Net Use` with `NET USE` 8.5%.
    " -P ",
    "-pw ",
    "sqlplus",
    "sudo -",
    "net use",
    "NET USE",
];

#[cfg(test)]
/// Keywords whose secrets are long enough for the run gate:
/// they need no block anchor of their own.
pub const RUN_COVERED_KEYWORDS: &[&str] = &[
    "key",
    "_key",
    "_pat",
    "-pat",
    "-key",
    "-api-key",
    "-apikey",
    "-apiKey",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "credential",
    "session",
    "sessid",
    ".sid",
    "API_KEY",
    "APIKEY",
    "SUPABASE_SERVICE_ROLE_KEY",
];

/// Rules that find a secret by where it stands (a header, a URL, a flag)
/// rather than by its shape: a format rule that finds the same span names
/// it better.
/// Rules whose keyword is a common word in logs (`token`) but whose match
/// also needs a rarer literal: the regex runs only when one of these
/// spellings occurs in the line too. A Kubernetes `{name, value}` entry
/// names `token` far less often than a busy auth log does.
pub const ALSO_NEEDS: &[(&str, &[&str])] = &[
    ("named-secret-value", &["alue\"", "ALUE\""]),
    ("github-token", &["x-oauth-"]),
    // Every line of a `mysqld` log names mysql; few set a password.
    (
        "sql-password",
        &["DENTIFIED", "dentified", "ASSWORD", "assword"],
    ),
];

/// Rules whose match is a list of arguments, by name and first keyword:
/// each secret is the first group that takes part in a match of the
/// pattern inside it, so a command with twenty literals is cleaned in one
/// pass.
pub const EACH: &[(&str, &str, &str)] = &[
    (
        "kubernetes-secret-literal",
        "create secret",
        concat!(
            r#"--from-literal[=\s]+(?:'[^'=\s]+=([^']+)'|"[^"=\s]+=([^"]+)"|[^=\s"']+=(?:'([^']+)'|"([^"]+)"|((?:[^\s"'\\]|"#,
            shell_esc!(),
            r#")(?:(?:[^\s"'\\]|"#,
            shell_esc!(),
            r#")*(?:[^\s"'\\)]|"#,
            shell_esc!(),
            r#"))?)))"#
        ),
    ),
    (
        "secret-store-write",
        "secrets set",
        concat!(
            r#"(?:^|\s)[A-Za-z_][A-Za-z0-9_]*=(?:'([^']+)'|"([^"]+)"|((?:[^\s"'\\]|"#,
            shell_esc!(),
            r#")+))"#
        ),
    ),
];

/// Run-anchored rules whose match holds a run at least this long: a
/// Webex bot token's run is 106 characters, and its anchor `-4` is in
/// every version-4 UUID.
pub const MIN_RUN_FOR: &[(&str, usize)] = &[("webex-bot-token", 106)];

/// Rules whose keyword starts every match and is followed there by
/// `\\?["']?\s*[:=]` (`Authorization: …`, `"authorization": "…"`): they
/// run only where a separator follows the keyword, so prose
/// ("Authorization header rejected") costs no regex.
pub const KEYED: &[&str] = &["authorization-header"];

/// Rules whose keyword is found inside the text scanned with a run and is
/// followed in every match by blanks and a token of sixteen characters or
/// more (`Bearer aB3…`): they run only where that follows, so
/// `auth_method=bearer password_reset_requested=false` costs no regex.
pub const SPACED_TOKEN: &[&str] = &["bearer-token"];

/// Rules whose keyword stands inside a quoted name that the pattern then
/// closes and follows with a comma (`"name": "DB_PASSWORD", "value": …`):
/// they run only where the keyword is followed by name bytes, a closing
/// quote and a comma, and preceded by `"name":` and name bytes, so
/// `"token_count": 1`, "invalid token" and `"component":"token",` cost no
/// search for `"value"`.
pub const NAMED: &[&str] = &["named-secret-value"];

pub const GENERIC: &[&str] = &[
    "url-credentials",
    "authorization-header",
    "bearer-token",
    "cli-password-flag",
    "cli-secret-flag",
    "secret-store-write",
    "kubernetes-secret-literal",
    "sql-password",
];

#[cfg(test)]
/// Rules whose every match contains a run of token characters at least
/// `tokens::MIN_RUN` long: the block scan's run gate finds their lines, so
/// their keywords need no block anchor.
pub const RUN_COVERED: &[&str] = &[
    "jwt",
    "azure-function-key",
    "putty-private-key",
    "telegram-bot-token",
    "bearer-token",
    "airtable-oauth-token",
    "twitter-bearer-token",
    "azure-acr-password",
    "salesforce-token",
    "webex-bot-token",
    "slack-webhook",
    "discord-webhook",
    "teams-webhook",
    "webhook-url",
    "new-relic-license-key",
    "maxmind-license-key",
    "authress-key",
    "crypt-hash",
    "mailchimp-key",
    "azure-client-secret",
    "azure-storage-key",
];
