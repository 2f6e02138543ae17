//! Issued credentials with a recognisable shape: a fixed prefix, then a
//! body of known alphabet and length (`ghp_` and 36 letters and digits).
//!
//! They are found without regexes: one case-sensitive Aho-Corasick pass
//! over the runs of token characters in a line finds every prefix, and each
//! hit is confirmed where it stands (the byte before it, the body's
//! alphabet and length, the byte after it). A short or common prefix
//! (`SK`, `pat`) costs a few byte comparisons, never a rescan of the line.
//!
//! The formats are public facts: the providers' documentation and the
//! rule lists of gitleaks, trufflehog and secretlint.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, StartKind, dfa::DFA};

/// Which bytes a token's body may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// `[A-Za-z0-9]`
    Alnum,
    /// `[A-Za-z0-9_]`
    Word,
    /// `[A-Za-z0-9_-]`
    Dash,
    /// `[0-9a-f]`
    Hex,
    /// `[0-9a-fA-F]`
    AnyHex,
    /// `[A-Z0-9]`
    Upper,
    /// `[a-z0-9]`
    Lower,
    /// `[A-Za-z0-9+/=]`
    Base64,
    /// `[A-Za-z0-9_.-]`: bodies made of dotted parts.
    Dotted,
    /// `[A-Za-z0-9_=-]`: base64url with padding.
    Base64Url,
    /// The bech32 alphabet in upper case (age keys).
    Bech32Upper,
    /// `[0-9a-f-]`: a UUID.
    Uuid,
}

impl Body {
    pub fn has(self, b: u8) -> bool {
        match self {
            Body::Alnum => b.is_ascii_alphanumeric(),
            Body::Word => b.is_ascii_alphanumeric() || b == b'_',
            Body::Dash => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
            Body::Hex => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            Body::AnyHex => b.is_ascii_hexdigit(),
            Body::Upper => b.is_ascii_uppercase() || b.is_ascii_digit(),
            Body::Lower => b.is_ascii_lowercase() || b.is_ascii_digit(),
            Body::Base64 => b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='),
            Body::Dotted => b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'),
            Body::Base64Url => b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'='),
            Body::Bech32Upper => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".contains(&b),
            Body::Uuid => b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-',
        }
    }

    /// How `--list-rules` names the alphabet.
    pub fn describe(self) -> &'static str {
        match self {
            Body::Alnum => "[A-Za-z0-9]",
            Body::Word => "[A-Za-z0-9_]",
            Body::Dash => "[A-Za-z0-9_-]",
            Body::Hex => "[0-9a-f]",
            Body::AnyHex => "[0-9a-fA-F]",
            Body::Upper => "[A-Z0-9]",
            Body::Lower => "[a-z0-9]",
            Body::Base64 => "[A-Za-z0-9+/=]",
            Body::Dotted => "[A-Za-z0-9_.-]",
            Body::Base64Url => "[A-Za-z0-9_=-]",
            Body::Bech32Upper => "bech32",
            Body::Uuid => "uuid",
        }
    }

    /// A character of the alphabet, for examples.
    fn sample(self, i: usize) -> char {
        let pool: &[u8] = match self {
            Body::Hex => b"0123456789abcdef",
            Body::AnyHex => b"0123456789abcdefABCDEF",
            Body::Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            Body::Lower => b"abcdefghijklmnopqrstuvwxyz012345",
            Body::Bech32Upper => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
            Body::Uuid => b"0123456789abcdef",
            _ => b"aB3dE5gH7jK9mN1pQ2sT4vW6yZ8cF0",
        };
        pool[(i * 7 + 3) % pool.len()] as char
    }
}

/// An extra condition on the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    None,
    /// At least one digit: issued tokens have them, words do not.
    Digit,
    /// Upper case, lower case and digits all present.
    Mixed,
}

/// One credential format.
pub struct Token {
    pub name: &'static str,
    /// Literal, case-sensitive prefixes.
    pub prefixes: &'static [&'static str],
    pub body: Body,
    /// Body length, inclusive bounds.
    pub min: usize,
    pub max: usize,
    pub check: Check,
    /// Whose credential this is, for `--list-rules`.
    pub what: &'static str,
}

impl Token {
    /// An example of the shape, made of the alphabet: never a real value.
    pub fn example(&self) -> String {
        let mut s = self.prefixes[0].to_string();
        s.extend((0..self.min.min(48)).map(|i| self.body.sample(i)));
        if self.min > 48 {
            s.push('…');
        }
        s
    }

    /// `ghp_ + 36..251 [A-Za-z0-9]`.
    pub fn shape(&self) -> String {
        let len = if self.min == self.max {
            self.min.to_string()
        } else if self.max >= 1000 {
            format!("{}+", self.min)
        } else {
            format!("{}..{}", self.min, self.max)
        };
        let shown: Vec<&str> = self.prefixes.iter().take(6).copied().collect();
        let more = if self.prefixes.len() > 6 { "|…" } else { "" };
        format!("{}{more} + {len} {}", shown.join("|"), self.body.describe())
    }
}

const fn t(
    name: &'static str,
    prefixes: &'static [&'static str],
    body: Body,
    min: usize,
    max: usize,
    what: &'static str,
) -> Token {
    Token {
        name,
        prefixes,
        body,
        min,
        max,
        check: Check::None,
        what,
    }
}

const fn tc(
    name: &'static str,
    prefixes: &'static [&'static str],
    body: Body,
    min: usize,
    max: usize,
    check: Check,
    what: &'static str,
) -> Token {
    Token {
        name,
        prefixes,
        body,
        min,
        max,
        check,
        what,
    }
}

/// No upper bound worth checking.
const ANY: usize = 4096;

use Body::*;

/// Specific formats first: where two overlap, the earlier name is shown.
#[rustfmt::skip]
pub static TOKENS: &[Token] = &[
    // Source hosting and package registries.
    t("github-token", &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], Alnum, 36, 251, "GitHub classic, OAuth, user-to-server, server-to-server and refresh tokens"),
    t("github-fine-grained-token", &["github_pat_"], Word, 82, 82, "GitHub fine-grained personal access token"),
    t("gitlab-token", &["glpat-", "gloas-", "glptt-", "glrt-", "gldt-", "glft-", "glimt-", "glsoat-", "glagent-", "glffct-", "glcbt-"], Dash, 20, 255, "GitLab personal, OAuth, pipeline trigger, runner, deploy, feed, incoming-mail, SCIM, agent, feature-flag, workspace and CI build tokens"),
    t("gitlab-runner-registration-token", &["GR1348941"], Dash, 20, 64, "GitLab runner registration token"),
    t("bitbucket-app-password", &["ATBB"], Alnum, 32, 64, "Bitbucket app password"),
    t("atlassian-api-token", &["ATATT3", "ATCTT3"], Base64Url, 150, 300, "Atlassian API and Confluence/Jira tokens"),
    t("npm-token", &["npm_"], Alnum, 36, 36, "npm access token"),
    t("pypi-token", &["pypi-AgE"], Dash, 50, ANY, "PyPI upload token"),
    t("rubygems-token", &["rubygems_"], Hex, 48, 48, "RubyGems API key"),
    t("nuget-key", &["oy2"], Lower, 43, 43, "NuGet API key"),
    t("clojars-token", &["CLOJARS_"], Lower, 60, 60, "Clojars deploy token"),
    t("docker-hub-token", &["dckr_pat_", "dckr_oat_"], Dash, 20, 64, "Docker Hub personal and organisation access tokens"),
    t("artifactory-key", &["AKCp"], Alnum, 60, 80, "JFrog Artifactory API key"),
    t("artifactory-reference-token", &["cmVmdGtuOjAxOj"], Alnum, 40, 80, "JFrog Artifactory reference token"),
    t("buildkite-token", &["bkua_"], Hex, 40, 40, "Buildkite API access token"),
    t("circleci-token", &["CCIPAT_", "CCIPRJ_"], Dash, 30, 80, "CircleCI personal and project API tokens"),
    t("sourcegraph-token", &["sgp_", "sgph_"], Word, 40, 60, "Sourcegraph access token"),
    t("sonar-token", &["squ_", "sqp_", "sqa_"], Hex, 40, 40, "SonarQube/SonarCloud token"),
    t("octopus-api-key", &["API-"], Upper, 26, 32, "Octopus Deploy API key"),
    t("pulumi-token", &["pul-"], Hex, 40, 40, "Pulumi access token"),
    t("terraform-cloud-token", &[".atlasv1."], Dash, 60, 70, "Terraform Cloud / Enterprise API token (the part after `.atlasv1.`)"),
    t("prefect-key", &["pnu_"], Alnum, 36, 36, "Prefect API key"),
    t("readme-key", &["rdme_"], Alnum, 70, 70, "ReadMe API key"),
    t("harness-token", &["pat.", "sat."], Dotted, 60, 90, "Harness personal and service account tokens"),
    t("scalingo-token", &["tk-us-"], Dash, 48, 48, "Scalingo API token"),
    t("frameio-token", &["fio-u-"], Dash, 64, 64, "Frame.io API token"),
    t("typeform-token", &["tfp_"], Dash, 40, 70, "Typeform personal token"),
    t("postman-key", &["PMAK-"], Dash, 59, 59, "Postman API key"),
    t("linear-key", &["lin_api_"], Alnum, 40, 40, "Linear API key"),
    t("figma-token", &["figd_", "figu_"], Dash, 38, 60, "Figma personal access token"),
    t("notion-token", &["ntn_"], Alnum, 46, 46, "Notion integration token"),
    t("notion-secret", &["secret_"], Alnum, 43, 43, "Notion integration secret"),
    // Cloud providers.
    t("aws-access-key", &["AKIA", "ASIA", "ABIA", "ACCA", "A3TA", "A3TB", "A3TC", "A3TD", "A3TE", "A3TF", "A3TG", "A3TH", "A3TI", "A3TJ", "A3TK", "A3TL", "A3TM", "A3TN", "A3TO", "A3TP", "A3TQ", "A3TR", "A3TS", "A3TT", "A3TU", "A3TV", "A3TW", "A3TX", "A3TY", "A3TZ", "A3T0", "A3T1", "A3T2", "A3T3", "A3T4", "A3T5", "A3T6", "A3T7", "A3T8", "A3T9"], Upper, 16, 16, "AWS access key id (long-term and temporary)"),
    t("aws-session-token", &["IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE"], Base64, 100, ANY, "AWS STS session token"),
    t("aws-bedrock-key", &["ABSK"], Base64, 100, ANY, "AWS Bedrock API key"),
    t("yandex-aws-key", &["YC"], Dash, 38, 38, "Yandex Cloud static access key"),
    t("gcp-api-key", &["AIza"], Dash, 35, 35, "Google API key"),
    t("google-oauth-secret", &["GOCSPX-"], Dash, 28, 28, "Google OAuth client secret"),
    t("google-oauth-token", &["ya29."], Dash, 20, ANY, "Google OAuth access token"),
    t("google-refresh-token", &["1//0"], Dash, 40, ANY, "Google OAuth refresh token"),
    t("alibaba-access-key", &["LTAI"], Alnum, 20, 24, "Alibaba Cloud AccessKey id"),
    t("tencent-secret-id", &["AKID"], Alnum, 32, 32, "Tencent Cloud SecretId"),
    t("yandex-api-key", &["AQVN"], Dash, 35, 38, "Yandex Cloud API key"),
    t("digitalocean-token", &["dop_v1_", "doo_v1_", "dor_v1_"], Hex, 64, 64, "DigitalOcean personal, OAuth and refresh tokens"),
    t("scaleway-key", &["SCW"], Upper, 17, 17, "Scaleway access key"),
    t("flyio-token", &["fo1_", "fm1r_"], Base64Url, 40, ANY, "Fly.io tokens"),
    t("flyio-token", &["fm2_"], Base64, 40, ANY, "Fly.io macaroon token"),
    t("heroku-key", &["HRKU-"], Dash, 50, 70, "Heroku API key (new format)"),
    t("render-key", &["rnd_"], Alnum, 32, 32, "Render API key"),
    t("netlify-token", &["nfp_"], Alnum, 36, 40, "Netlify personal access token"),
    t("supabase-token", &["sbp_"], Hex, 40, 40, "Supabase access token"),
    t("supabase-secret-key", &["sb_secret_"], Dash, 30, 64, "Supabase secret API key"),
    t("planetscale-token", &["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], Dash, 32, 64, "PlanetScale service token, password and OAuth token"),
    t("databricks-token", &["dapi"], Hex, 32, 32, "Databricks personal access token"),
    t("dynatrace-token", &["dt0c01.", "dt0s01.", "dt0s02.", "dt0s08.", "dt0s16."], Dotted, 89, 89, "Dynatrace token"),
    t("doppler-token", &["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."], Alnum, 40, 44, "Doppler tokens"),
    t("cloudflare-origin-ca-key", &["v1.0-"], Dash, 171, 171, "Cloudflare Origin CA key"),
    t("tailscale-key", &["tskey-api-", "tskey-auth-", "tskey-client-", "tskey-scim-", "tskey-webhook-"], Dash, 20, 80, "Tailscale API, auth and OAuth client keys"),
    t("vault-token", &["hvs.", "hvb.", "hvr."], Dash, 20, ANY, "HashiCorp Vault service, batch and recovery tokens"),
    t("grafana-cloud-token", &["glc_"], Base64Url, 32, 400, "Grafana Cloud API token"),
    t("grafana-service-account-token", &["glsa_"], Word, 41, 41, "Grafana service account token"),
    t("grafana-api-key", &["eyJrIjoi"], Base64Url, 60, 200, "Grafana API key"),
    t("new-relic-key", &["NRAK-", "NRII-", "NRRA-", "NRJS-", "NRAA-", "NRIQ-"], Alnum, 19, 40, "New Relic user, ingest, REST, browser and admin keys"),
    t("honeycomb-key", &["hcaik_", "hcxik_", "hcamk_", "hcxmk_"], Alnum, 58, 64, "Honeycomb ingest and management keys"),
    t("sentry-org-token", &["sntrys_"], Base64Url, 60, ANY, "Sentry organisation auth token"),
    t("sentry-user-token", &["sntryu_"], Hex, 64, 64, "Sentry user auth token"),
    t("robinhood-crypto-key", &["rh-api-"], Uuid, 36, 36, "Robinhood Crypto API key"),
    t("launchdarkly-key", &["sdk-", "api-"], Uuid, 36, 36, "LaunchDarkly server SDK key and API token (uuid body)"),
    t("posthog-key", &["phx_"], Alnum, 40, 50, "PostHog personal API key"),
    t("jumpcloud-key", &["jca_"], Alnum, 36, 36, "JumpCloud API key"),
    t("1password-service-token", &["ops_eyJ"], Base64Url, 200, ANY, "1Password service account token"),
    t("1password-secret-key", &["A3-"], Dash, 30, 40, "1Password account secret key"),
    t("age-secret-key", &["AGE-SECRET-KEY-1"], Bech32Upper, 58, 58, "age encryption identity"),
    t("authress-key", &["authress_", "scauth_"], Dotted, 40, 250, "Authress service client access key"),
    t("scrapfly-key", &["scp-live-", "scp-test-"], Hex, 32, 32, "Scrapfly API key"),
    t("portainer-token", &["ptr_"], Base64, 40, 50, "Portainer access token"),
    t("adafruit-io-key", &["aio_"], Alnum, 28, 28, "Adafruit IO key"),
    t("jwt", &["ZXlK"], Base64, 60, ANY, "a JSON Web Token, base64-encoded once more"),
    t("openshift-token", &["sha256~"], Dash, 43, 43, "OpenShift user token"),
    t("infracost-key", &["ico-"], Alnum, 32, 32, "Infracost API key"),
    t("intra42-secret", &["s-s4t2ud-", "s-s4t2af-"], Hex, 64, 64, "42 Intra client secret"),
    t("defined-networking-key", &["dnkey-"], Dash, 79, 79, "Defined Networking API key"),
    t("settlemint-token", &["sm_pat_", "sm_aat_", "sm_sat_"], Alnum, 16, 16, "SettleMint tokens"),
    t("wakatime-key", &["waka_"], Dash, 36, 36, "WakaTime API key"),
    // Payments and commerce.
    t("stripe-key", &["sk_live_", "sk_test_", "rk_live_", "rk_test_"], Alnum, 16, 255, "Stripe secret and restricted keys"),
    t("stripe-webhook-secret", &["whsec_"], Base64, 24, 80, "Stripe webhook signing secret"),
    t("square-token", &["sandbox-sq0atp-", "sandbox-sq0csp-", "sq0atp-", "sq0csp-", "EAAA"], Dash, 22, 60, "Square access token and application secret"),
    t("shopify-token", &["shpat_", "shpca_", "shppa_", "shpss_"], AnyHex, 32, 32, "Shopify access tokens and shared secret"),
    t("flutterwave-key", &["FLWSECK_TEST-", "FLWSECK-"], Dash, 32, 34, "Flutterwave secret key"),
    t("flutterwave-encryption-key", &["FLWSECK_TEST-"], Lower, 12, 12, "Flutterwave encryption key"),
    t("duffel-token", &["duffel_test_", "duffel_live_"], Dash, 43, 43, "Duffel API token"),
    t("easypost-key", &["EZAK", "EZTK"], Alnum, 54, 54, "EasyPost production and test keys"),
    t("shippo-token", &["shippo_live_", "shippo_test_"], Hex, 40, 40, "Shippo API token"),
    t("gocardless-token", &["live_"], Dash, 40, 40, "GoCardless live access token"),
    t("plaid-token", &["access-sandbox-", "access-development-", "access-production-"], Uuid, 36, 36, "Plaid access token"),
    t("paypal-braintree-token", &["access_token$production$", "access_token$sandbox$"], Dotted, 40, 80, "PayPal Braintree access token"),
    // Messaging, mail and collaboration.
    tc("slack-token", &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxc-", "xoxd-", "xoxe.xoxp-", "xoxe.xoxb-"], Dash, 11, 255, Check::Digit, "Slack bot, user, app, refresh, config and session tokens"),
    tc("slack-token", &["xapp-"], Dash, 11, 255, Check::Digit, "Slack app-level token"),
    t("sendgrid-key", &["SG."], Dotted, 66, 66, "SendGrid API key"),
    t("brevo-key", &["xkeysib-", "xsmtpsib-"], Dash, 81, 81, "Brevo (Sendinblue) API and SMTP keys"),
    t("mailgun-key", &["key-"], Hex, 32, 32, "Mailgun private API key"),
    t("mailgun-public-key", &["pubkey-"], Hex, 32, 32, "Mailgun public validation key"),
    t("mapbox-token", &["sk.eyJ", "pk.eyJ", "tk.eyJ"], Dotted, 80, 200, "Mapbox tokens"),
    t("twilio-api-key", &["SK"], Hex, 32, 32, "Twilio API key SID"),
    t("mailersend-token", &["mlsn."], Alnum, 64, 64, "MailerSend API token"),
    t("dropbox-token", &["sl."], Dash, 130, 1400, "Dropbox short-lived access token"),
    t("intercom-token", &["dG9rOi"], Base64, 50, 70, "Intercom access token"),
    t("clickup-token", &["pk_"], Word, 40, 50, "ClickUp personal token"),
    t("pagerduty-token", &["u+"], Dash, 18, 18, "PagerDuty user API token"),
    // AI and data services.
    t("anthropic-key", &["sk-ant-api03-", "sk-ant-admin01-", "sk-ant-sid01-", "sk-ant-"], Dash, 32, 255, "Anthropic API, admin and session keys"),
    t("openrouter-key", &["sk-or-v1-"], Hex, 64, 64, "OpenRouter API key"),
    t("deepseek-key", &["sk-"], Hex, 32, 32, "DeepSeek (and other sk- hex) API key"),
    tc("openai-key", &["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-", "sk-"], Dash, 32, 255, Check::Mixed, "OpenAI API keys (project, service account, admin, legacy)"),
    t("huggingface-token", &["hf_"], Alnum, 34, 40, "Hugging Face access token"),
    t("huggingface-org-token", &["api_org_"], Alnum, 34, 34, "Hugging Face organisation token"),
    t("groq-key", &["gsk_"], Alnum, 52, 52, "Groq API key"),
    t("xai-key", &["xai-"], Alnum, 80, 80, "xAI API key"),
    t("replicate-token", &["r8_"], Dash, 37, 40, "Replicate API token"),
    t("perplexity-key", &["pplx-"], Alnum, 48, 56, "Perplexity API key"),
    t("cerebras-key", &["csk-"], Alnum, 40, 56, "Cerebras API key"),
    t("tavily-key", &["tvly-"], Dash, 32, 40, "Tavily API key"),
    t("firecrawl-key", &["fc-"], Hex, 32, 32, "Firecrawl API key"),
    t("nvidia-key", &["nvapi-"], Dash, 64, 64, "NVIDIA API key"),
    t("pinecone-key", &["pcsk_"], Word, 60, 80, "Pinecone API key"),
    t("langsmith-key", &["lsv2_pt_", "lsv2_sk_"], Word, 43, 43, "LangSmith API key"),
    t("voyage-key", &["pa-"], Dash, 43, 43, "Voyage AI API key"),
    t("fireworks-key", &["fw_"], Alnum, 24, 24, "Fireworks AI API key"),
    t("elevenlabs-key", &["sk_"], Hex, 48, 48, "ElevenLabs API key"),
    t("jina-key", &["jina_"], Word, 60, 70, "Jina AI API key"),
    t("anyscale-key", &["esecret_"], Alnum, 26, 40, "Anyscale key"),
    // More formats from the same rule lists.
    t("adobe-client-secret", &["p8e-"], Alnum, 32, 32, "Adobe client secret"),
    t("airtable-pat", &["pat"], Dotted, 79, 79, "Airtable personal access token"),
    t("alchemy-key", &["alcht_"], Alnum, 30, 30, "Alchemy API key"),
    t("apify-token", &["apify_api_"], Alnum, 36, 36, "Apify API token"),
    t("bannerbear-key", &["bb_pr_", "bb_ma_"], Hex, 30, 30, "Bannerbear API key"),
    t("bitbucket-dc-token", &["BBDC-"], Dash, 44, 44, "Bitbucket Data Center token"),
    t("cloudflare-token", &["cfut_", "cfat_", "cfk_"], Alnum, 48, 48, "Cloudflare user, account and API tokens (prefixed)"),
    t("contentful-token", &["CFPAT-"], Dash, 43, 43, "Contentful personal access token"),
    t("deno-deploy-token", &["ddp_", "ddw_"], Alnum, 36, 36, "Deno Deploy token"),
    t("fleetbase-key", &["flb_live_"], Alnum, 20, 20, "Fleetbase API key"),
    t("flexport-token", &["shltm_"], Dash, 40, 40, "Flexport API token"),
    t("langfuse-secret-key", &["sk-lf-"], Uuid, 36, 36, "Langfuse secret key"),
    t("nightfall-key", &["NF-"], Alnum, 32, 32, "Nightfall API key"),
    t("photoroom-key", &["sk_pr_"], Word, 49, 49, "PhotoRoom API key"),
    t("ramp-client-secret", &["ramp_sec_"], Alnum, 48, 48, "Ramp client secret"),
    t("salad-cloud-key", &["salad_cloud_"], Word, 46, 46, "SaladCloud API key"),
    t("salesforce-refresh-token", &["5AEP861"], Alnum, 80, 80, "Salesforce refresh token"),
    t("sourcegraph-cody-token", &["slk_"], Hex, 64, 64, "Sourcegraph Cody gateway token"),
    t("spectralops-token", &["spu-"], Lower, 32, 32, "SpectralOps token"),
    t("trufflehog-enterprise-secret", &["thog-secret-"], Hex, 32, 32, "TruffleHog Enterprise secret"),
    t("vercel-token", &["vcp_", "vci_", "vca_", "vcr_", "vck_"], Alnum, 24, 64, "Vercel tokens"),
    t("voiceflow-key", &["VF.DM.", "VF.WS."], Dotted, 41, 41, "Voiceflow API key"),
    t("zoho-token", &["1000."], Dotted, 65, 65, "Zoho OAuth token"),
    t("aws-bedrock-key", &["bedrock-api-key-"], Base64, 40, ANY, "AWS Bedrock short-lived API key"),
];

/// Bytes a run of token characters is made of: a secret's body and most
/// prefixes. A line without such a run of `MIN_RUN` bytes holds no
/// prefixed token.
pub const fn run_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'_' | b'-' | b'+' | b'/' | b'.' | b'~' | b'$' | b'!' | b'%'
        )
}

/// The shortest prefixed token (prefix and body) any entry accepts is
/// at least this long; shorter runs are not looked at.
pub const MIN_RUN: usize = 16;

/// Is `lit` (any case) one of the built-in token prefixes?
pub fn is_prefix(lit: &str) -> bool {
    TOKENS
        .iter()
        .flat_map(|t| t.prefixes)
        .any(|p| p.eq_ignore_ascii_case(lit))
}

/// What a prefix hit means.
#[derive(Clone, Copy)]
pub enum Hit {
    Token(usize),
    /// A regex rule anchored on this literal inside a run at least this
    /// long.
    Rule(usize, usize),
}

/// The prefix automaton over every token prefix and the run-anchored
/// literals of regex rules.
pub struct Prefixes {
    dfa: DFA,
    /// Each pattern's meaning and length.
    hits: Vec<Hit>,
    lens: Vec<usize>,
}

impl Prefixes {
    pub fn new(rule_anchors: &[(String, usize, usize)]) -> Prefixes {
        let mut pats: Vec<&str> = Vec::new();
        let mut hits = Vec::new();
        for (i, tok) in TOKENS.iter().enumerate() {
            for p in tok.prefixes {
                pats.push(p);
                hits.push(Hit::Token(i));
            }
        }
        for (lit, rule, min_run) in rule_anchors {
            pats.push(lit.as_str());
            hits.push(Hit::Rule(*rule, *min_run));
        }
        // A DFA walked here, not through the crate's iterator: runs are
        // short and many, and the iterator's per-call and per-match
        // bookkeeping cost more than the walk itself.
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            .prefilter(false)
            .build(&pats)
            .expect("prefix automaton builds");
        let lens = pats.iter().map(|p| p.len()).collect();
        Prefixes { dfa, hits, lens }
    }

    /// Every prefix hit inside `text[run]`, confirmed: token spans go to
    /// `found` with the token's index; rule anchors go to `fired` with the
    /// rule and where the anchor ends.
    pub fn scan(
        &self,
        text: &[u8],
        run: std::ops::Range<usize>,
        found: &mut impl FnMut(usize, usize, usize),
        fired: &mut impl FnMut(usize, usize),
    ) {
        let dfa = &self.dfa;
        let Ok(mut sid) = dfa.start_state(Anchored::No) else {
            return;
        };
        // Every match of every pattern, as an overlapping search reports
        // them: by end, then in the automaton's order. Without a
        // prefilter and with standard semantics, the only special states
        // are match states.
        for (k, &byte) in text[run.clone()].iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if !dfa.is_special(sid) || !dfa.is_match(sid) {
                continue;
            }
            let end = run.start + k + 1;
            for m in 0..dfa.match_len(sid) {
                let p = dfa.match_pattern(sid, m).as_usize();
                let start = end - self.lens[p];
                match self.hits[p] {
                    Hit::Rule(r, min_run) => {
                        if run.len() >= min_run {
                            fired(r, end)
                        }
                    }
                    Hit::Token(i) => {
                        if let Some(end) = confirm(&TOKENS[i], text, start, end) {
                            found(i, start, end);
                        }
                    }
                }
            }
        }
    }
}

/// The end of the token whose prefix spans `start..body`, if the bytes
/// around and after it fit the format.
fn confirm(tok: &Token, text: &[u8], start: usize, body: usize) -> Option<usize> {
    // Glued to a word before it: part of something else.
    if start > 0 && text[start - 1].is_ascii_alphanumeric() {
        return None;
    }
    let mut end = body;
    while end < text.len() && end - body <= tok.max && tok.body.has(text[end]) {
        end += 1;
    }
    // A sentence's full stop is not part of a dotted body.
    if tok.body == Body::Dotted {
        while end > body && text[end - 1] == b'.' {
            end -= 1;
        }
    }
    let len = end - body;
    if len < tok.min || len > tok.max {
        return None;
    }
    // Glued to more letters or digits after it: a longer word.
    if end < text.len() && text[end].is_ascii_alphanumeric() {
        return None;
    }
    let b = &text[body..end];
    let ok = match tok.check {
        Check::None => true,
        Check::Digit => b.iter().any(u8::is_ascii_digit),
        Check::Mixed => {
            b.iter().any(u8::is_ascii_uppercase)
                && b.iter().any(u8::is_ascii_lowercase)
                && b.iter().any(u8::is_ascii_digit)
        }
    };
    ok.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_is_long_enough_for_the_run_gate() {
        for tok in TOKENS {
            for p in tok.prefixes {
                assert!(
                    p.len() + tok.min >= MIN_RUN,
                    "{}: `{p}` + {} is shorter than a run",
                    tok.name,
                    tok.min
                );
                assert!(
                    p.bytes().all(run_byte),
                    "{}: prefix `{p}` leaves the run",
                    tok.name
                );
            }
            assert!(tok.min <= tok.max, "{}", tok.name);
        }
    }

    #[test]
    fn every_example_is_found_and_named() {
        let prefixes = Prefixes::new(&[]);
        for (i, tok) in TOKENS.iter().enumerate() {
            let mut ex = tok.prefixes[0].to_string();
            ex.extend((0..tok.min).map(|j| tok.body.sample(j)));
            let line = format!("x {ex} y");
            let mut got = Vec::new();
            prefixes.scan(
                line.as_bytes(),
                2..2 + ex.len(),
                &mut |t, s, e| got.push((t, s, e)),
                &mut |_, _| {},
            );
            assert!(
                got.iter()
                    .any(|&(t, s, e)| t == i && s == 2 && e == 2 + ex.len()),
                "{}: {ex} not found as itself: {got:?}",
                tok.name
            );
        }
    }
}
