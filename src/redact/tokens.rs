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
    /// `[A-Za-z0-9+/=_-]`: base64 of either alphabet, or both joined by `_`.
    Base64Any,
    /// The bech32 alphabet in upper case (age keys).
    Bech32Upper,
    /// `[0-9a-f-]`: a UUID.
    Uuid,
    /// The bech32 alphabet in lower case (Nostr keys).
    Bech32,
    /// `[0-9a-f.-]`: hex parts joined by dots.
    HexDotted,
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
            Body::Base64Any => {
                b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
            }
            Body::Bech32Upper => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".contains(&b),
            Body::Uuid => b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-',
            Body::Bech32 => b"qpzry9x8gf2tvdw0s3jn54khce6mua7l".contains(&b),
            Body::HexDotted => {
                b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || matches!(b, b'-' | b'.')
            }
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
            Body::Base64Any => "[A-Za-z0-9+/=_-]",
            Body::Bech32Upper => "bech32",
            Body::Uuid => "uuid",
            Body::Bech32 => "bech32",
            Body::HexDotted => "[0-9a-f.-]",
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
            Body::Bech32 => b"qpzry9x8gf2tvdw0s3jn54khce6mua7l",
            Body::HexDotted => b"0123456789abcdef",
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
    /// Upper and lower case both present: random, not a lower-case name.
    Cased,
    /// An upper-case letter and a digit: not a snake_case name
    /// (`pk_user_preferences_v2`).
    UpperDigit,
    /// A Discord bot token's three parts: the user id in base64 (24 to
    /// 26 bytes with the prefix), six bytes of time, 27 to 38 of HMAC.
    Discord,
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
    /// Written right after the body and part of the token (`-NRMA`).
    pub tail: &'static str,
    /// Written before the prefix and part of the token when there (an FCM
    /// server key's `AAAA…:` before `APA91b`).
    pub lead: Option<Lead>,
    /// Whose credential this is, for `--list-rules`.
    pub what: &'static str,
}

/// A part that may stand before a token's prefix: `start`, then `len`
/// bytes of `body`, then `sep`, ending where the prefix starts.
pub struct Lead {
    pub start: &'static str,
    pub body: Body,
    pub len: usize,
    pub sep: u8,
}

impl Lead {
    /// Where the lead starts, when the bytes before `at` are one.
    fn before(&self, text: &[u8], at: usize) -> Option<usize> {
        let from = at.checked_sub(self.start.len() + self.len + 1)?;
        let w = &text[from..at];
        let (start, rest) = w.split_at(self.start.len());
        let (body, sep) = rest.split_at(self.len);
        (start == self.start.as_bytes()
            && body.iter().all(|&b| self.body.has(b))
            && sep == [self.sep]
            && !glued(text, from))
        .then_some(from)
    }
}

impl Token {
    /// An example of the shape, made of the alphabet: never a real value.
    pub fn example(&self) -> String {
        let mut s = self.prefixes[0].to_string();
        if self.check == Check::Discord {
            let part = |from: usize, n: usize| (from..from + n).map(|i| self.body.sample(i));
            s.extend(part(0, 20).chain("9".chars()).chain(part(21, 1)));
            s.push('.');
            s.extend(part(22, 6));
            s.push('.');
            s.extend(part(28, 27));
            return s;
        }
        s.extend((0..self.min.min(48)).map(|i| self.body.sample(i)));
        if self.min > 48 {
            s.push('…');
        }
        s.push_str(self.tail);
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
        let tail = if self.tail.is_empty() {
            String::new()
        } else {
            format!(" + {}", self.tail)
        };
        format!(
            "{}{more} + {len} {}{tail}",
            shown.join("|"),
            self.body.describe()
        )
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
    tc(name, prefixes, body, min, max, Check::None, what)
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
        tail: "",
        lead: None,
        what,
    }
}

/// A token whose body is followed by a fixed `tail`.
const fn tt(
    name: &'static str,
    prefixes: &'static [&'static str],
    body: Body,
    len: usize,
    tail: &'static str,
    what: &'static str,
) -> Token {
    Token {
        tail,
        ..t(name, prefixes, body, len, len, what)
    }
}

/// A token that may have a `lead` before its prefix.
const fn tl(
    name: &'static str,
    prefixes: &'static [&'static str],
    body: Body,
    min: usize,
    max: usize,
    lead: Lead,
    what: &'static str,
) -> Token {
    Token {
        lead: Some(lead),
        ..t(name, prefixes, body, min, max, what)
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
    t("gitlab-token", &["glpat-", "glrt-"], Dotted, 30, 320, "GitLab routable personal access and runner tokens (`….01.…`)"),
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
    t("artifactory-reference-token", &["cmVmdGtu"], Alnum, 56, 80, "JFrog Artifactory reference token (`reftkn` in base64)"),
    t("buildkite-token", &["bkua_"], Lower, 40, 40, "Buildkite API access token"),
    t("circleci-token", &["CCIPAT_", "CCIPRJ_"], Dash, 30, 80, "CircleCI personal and project API tokens"),
    t("sourcegraph-token", &["sgp_", "sgph_"], Word, 40, 60, "Sourcegraph access token"),
    t("sonar-token", &["squ_", "sqp_", "sqa_"], Hex, 40, 40, "SonarQube/SonarCloud token"),
    t("octopus-api-key", &["API-"], Upper, 26, 32, "Octopus Deploy API key"),
    t("pulumi-token", &["pul-"], Hex, 40, 40, "Pulumi access token"),
    tl("terraform-cloud-token", &["atlasv1."], Dash, 60, 70, Lead { start: "", body: Alnum, len: 14, sep: b'.' }, "Terraform Cloud / Enterprise API token (14 letters and digits, `.atlasv1.`, the rest)"),
    t("prefect-key", &["pnu_"], Alnum, 36, 36, "Prefect API key"),
    t("readme-key", &["rdme_"], Alnum, 70, 70, "ReadMe API key"),
    t("harness-token", &["pat.", "sat."], Dotted, 60, 90, "Harness personal and service account tokens"),
    t("scalingo-token", &["tk-us-"], Dash, 48, 48, "Scalingo API token"),
    t("frameio-token", &["fio-u-"], Dash, 64, 64, "Frame.io API token"),
    t("typeform-token", &["tfp_"], Dash, 40, 70, "Typeform personal token"),
    t("postman-key", &["PMAK-"], Dash, 59, 59, "Postman API key"),
    t("linear-key", &["lin_api_"], Alnum, 40, 64, "Linear API key"),
    t("figma-token", &["figd_", "figu_", "figp_", "figo_", "figr_", "figh_"], Base64Url, 38, 80, "Figma personal access, OAuth and refresh tokens"),
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
    t("flyio-token", &["fm1a_"], Base64Any, 40, ANY, "Fly.io app token"),
    t("heroku-key", &["HRKU-"], Dash, 50, 70, "Heroku API key (new format)"),
    t("render-key", &["rnd_"], Alnum, 32, 32, "Render API key"),
    t("netlify-token", &["nfp_"], Word, 36, 40, "Netlify personal access token"),
    t("supabase-token", &["sbp_"], Hex, 40, 40, "Supabase access token"),
    t("supabase-secret-key", &["sb_secret_"], Dash, 30, 64, "Supabase secret API key"),
    t("planetscale-token", &["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], Dash, 32, 64, "PlanetScale service token, password and OAuth token"),
    t("databricks-token", &["dapi"], AnyHex, 32, 32, "Databricks personal access token"),
    t("dynatrace-token", &["dt0c01.", "dt0s01.", "dt0s02.", "dt0s08.", "dt0s16."], Dotted, 89, 89, "Dynatrace token"),
    t("doppler-token", &["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."], Alnum, 40, 44, "Doppler tokens"),
    t("cloudflare-origin-ca-key", &["v1.0-"], Dash, 171, 171, "Cloudflare Origin CA key"),
    t("tailscale-key", &["tskey-api-", "tskey-auth-", "tskey-client-", "tskey-scim-", "tskey-webhook-"], Dash, 20, 80, "Tailscale API, auth and OAuth client keys"),
    tc("tailscale-key", &["tskey-"], Dash, 30, 100, Check::Digit, "Tailscale keys of other types"),
    t("vault-token", &["hvs.", "hvb.", "hvr."], Dash, 20, ANY, "HashiCorp Vault service, batch and recovery tokens"),
    t("grafana-cloud-token", &["glc_"], Base64Any, 32, 400, "Grafana Cloud API token"),
    t("grafana-service-account-token", &["glsa_"], Word, 41, 41, "Grafana service account token"),
    t("grafana-api-key", &["eyJrIjoi"], Base64Url, 60, 200, "Grafana API key"),
    t("new-relic-key", &["NRAK-", "NRII-", "NRRA-", "NRJS-", "NRAA-", "NRIQ-"], Alnum, 19, 40, "New Relic user, ingest, REST, browser and admin keys"),
    t("new-relic-key", &["NRII-"], Dash, 25, 32, "New Relic Insights insert key"),
    t("new-relic-key", &["NRBR-"], Hex, 19, 19, "New Relic browser key"),
    t("honeycomb-key", &["hcaik_", "hcxik_", "hcamk_", "hcxmk_"], Alnum, 58, 64, "Honeycomb ingest and management keys"),
    t("sentry-org-token", &["sntrys_"], Base64Any, 60, ANY, "Sentry organisation auth token"),
    t("sentry-user-token", &["sntryu_"], Hex, 64, 64, "Sentry user auth token"),
    t("robinhood-crypto-key", &["rh-api-"], Uuid, 36, 36, "Robinhood Crypto API key"),
    t("launchdarkly-key", &["sdk-", "api-", "mob-"], Uuid, 36, 36, "LaunchDarkly server SDK key, API token and mobile key (uuid body)"),
    t("posthog-key", &["phx_"], Alnum, 40, 50, "PostHog personal API key"),
    t("jumpcloud-key", &["jca_"], Alnum, 36, 36, "JumpCloud API key"),
    t("1password-service-token", &["ops_eyJ"], Base64Any, 200, ANY, "1Password service account token"),
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
    t("stripe-key", &["sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"], Alnum, 10, 255, "Stripe secret and restricted keys"),
    tc("stripe-client-secret", &["pi_"], Word, 57, 57, Check::Mixed, "Stripe PaymentIntent client secret (`pi_…_secret_…`)"),
    t("apideck-key", &["sk_live_"], Dash, 93, 93, "Apideck API key"),
    t("checkout-key", &["sk_test_", "sk_sbox_", "sk_"], Uuid, 36, 36, "Checkout.com secret key (uuid body)"),
    t("stripe-webhook-secret", &["whsec_"], Base64, 24, 80, "Stripe webhook signing secret"),
    t("square-token", &["sandbox-sq0atp-", "sandbox-sq0csp-", "sq0atp-", "sq0csp-", "EAAA"], Dash, 22, 60, "Square access token and application secret"),
    t("shopify-token", &["shpat_", "shpca_", "shppa_", "shpss_"], AnyHex, 32, 32, "Shopify access tokens and shared secret"),
    t("shopify-token", &["shpat_", "shpca_", "shppa_", "shpss_"], Alnum, 32, 64, "Shopify access tokens (letters and digits)"),
    t("flutterwave-key", &["FLWSECK_TEST-", "FLWSECK-"], Dash, 32, 34, "Flutterwave secret key"),
    t("flutterwave-encryption-key", &["FLWSECK_TEST-"], Lower, 12, 12, "Flutterwave encryption key"),
    t("duffel-token", &["duffel_test_", "duffel_live_"], Dash, 43, 43, "Duffel API token"),
    t("easypost-key", &["EZAK", "EZTK"], Alnum, 54, 54, "EasyPost production and test keys"),
    t("shippo-token", &["shippo_live_", "shippo_test_"], Hex, 40, 40, "Shippo API token"),
    t("gocardless-token", &["live_"], Dash, 40, 40, "GoCardless live access token"),
    t("lob-key", &["live_", "test_"], Hex, 35, 35, "Lob API key"),
    tc("column-key", &["live_", "test_"], Alnum, 27, 27, Check::Mixed, "Column API key"),
    t("pagarme-key", &["ak_live_", "ak_test_"], Alnum, 30, 30, "Pagar.me API key"),
    t("klaviyo-key", &["pk_"], Hex, 34, 34, "Klaviyo private API key"),
    t("locationiq-key", &["pk."], Hex, 32, 32, "LocationIQ access token"),
    t("courier-key", &["pk_prod_", "pk_test_"], Upper, 28, 28, "Courier API key"),
    tc("tickettailor-key", &["sk_"], Word, 44, 44, Check::Digit, "Ticket Tailor API key (`sk_` + digits, `_`, hex)"),
    tc("iex-cloud-key", &["sk_"], Lower, 32, 32, Check::Digit, "IEX Cloud secret key"),
    t("plaid-token", &["access-sandbox-", "access-development-", "access-production-"], Uuid, 36, 36, "Plaid access token"),
    t("paypal-braintree-token", &["access_token$production$", "access_token$sandbox$"], Dotted, 40, 80, "PayPal Braintree access token"),
    // Messaging, mail and collaboration.
    tc("slack-token", &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxc-", "xoxd-", "xoxe.xoxp-", "xoxe.xoxb-"], Dash, 11, 255, Check::Digit, "Slack bot, user, app, refresh, config and session tokens"),
    tc("slack-token", &["xapp-"], Dash, 11, 255, Check::Digit, "Slack app-level token"),
    // `xoxo-` is also a word (`utm_campaign=xoxo-valentines-2025`): as
    // issued, three numbers and a long random part.
    tc("slack-token", &["xoxo-"], Dash, 40, 255, Check::Digit, "Slack legacy token (`xoxo-`)"),
    t("sendgrid-key", &["SG."], Dotted, 61, 75, "SendGrid API key"),
    t("brevo-key", &["xkeysib-", "xsmtpsib-"], Dash, 81, 81, "Brevo (Sendinblue) API and SMTP keys"),
    t("mailgun-key", &["key-"], Hex, 32, 32, "Mailgun private API key (and, found by their shape, the newer 32-8-8 hex private and signing keys)"),
    t("mailgun-public-key", &["pubkey-"], Hex, 32, 32, "Mailgun public validation key"),
    t("mapbox-token", &["sk.eyJ", "pk.eyJ", "tk.eyJ"], Dotted, 80, 200, "Mapbox tokens"),
    t("twilio-api-key", &["SK"], Hex, 32, 32, "Twilio API key SID"),
    t("mailersend-token", &["mlsn."], Alnum, 64, 64, "MailerSend API token"),
    t("dropbox-token", &["sl.u.", "sl."], Dash, 130, 1400, "Dropbox short-lived access token"),
    t("intercom-token", &["dG9rOi"], Base64, 50, 70, "Intercom access token"),
    tc("clickup-token", &["pk_"], Word, 40, 50, Check::UpperDigit, "ClickUp personal token (`pk_` + digits, `_`, 32 capitals and digits)"),
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
    tc("voyage-key", &["pa-"], Dash, 43, 43, Check::Cased, "Voyage AI API key"),
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
    t("bitbucket-dc-token", &["BBDC-"], Base64Any, 40, 50, "Bitbucket Data Center token"),
    t("cloudflare-token", &["cfut_", "cfat_", "cfk_"], Alnum, 48, 48, "Cloudflare user, account and API tokens (prefixed)"),
    t("contentful-token", &["CFPAT-"], Dash, 43, 43, "Contentful personal access token"),
    t("deno-deploy-token", &["ddp_", "ddw_"], Alnum, 36, 36, "Deno Deploy token"),
    t("fleetbase-key", &["flb_live_"], Alnum, 20, 20, "Fleetbase API key"),
    t("flexport-token", &["shltm_"], Dash, 40, 40, "Flexport API token"),
    t("langfuse-secret-key", &["sk-lf-"], Uuid, 36, 36, "Langfuse secret key"),
    t("nightfall-key", &["NF-"], Alnum, 32, 32, "Nightfall API key"),
    t("photoroom-key", &["sk_pr_"], Word, 49, 49, "PhotoRoom API key"),
    t("ramp-client-secret", &["ramp_sec_"], Alnum, 48, 48, "Ramp client secret"),
    tc("salad-cloud-key", &["salad_cloud_"], Word, 20, 243, Check::Mixed, "SaladCloud API key"),
    t("salesforce-refresh-token", &["5AEP861", "5Aep861"], Dotted, 80, ANY, "Salesforce refresh token"),
    t("sourcegraph-cody-token", &["slk_"], Hex, 64, 64, "Sourcegraph Cody gateway token"),
    t("spectralops-token", &["spu-"], Lower, 32, 32, "SpectralOps token"),
    t("trufflehog-enterprise-secret", &["thog-secret-"], Hex, 32, 32, "TruffleHog Enterprise secret"),
    t("vercel-token", &["vcp_", "vci_", "vca_", "vcr_", "vck_"], Alnum, 20, 64, "Vercel tokens"),
    t("voiceflow-key", &["VF.DM.", "VF.WS.", "VF."], Dotted, 41, 41, "Voiceflow API key"),
    t("zoho-token", &["1000."], Dotted, 65, 65, "Zoho OAuth token"),
    t("aws-bedrock-key", &["bedrock-api-key-"], Base64, 40, ANY, "AWS Bedrock short-lived API key"),
    // Formats that name themselves in prose, without a key before them.
    tc("resend-key", &["re_"], Word, 33, 33, Check::Mixed, "Resend API key (8 and 24 letters and digits joined by `_`)"),
    t("paddle-key", &["pdl_live_apikey_", "pdl_sdbx_apikey_"], Word, 53, 53, "Paddle Billing live and sandbox API keys"),
    tc("neon-key", &["napi_"], Lower, 56, 80, Check::Digit, "Neon API key"),
    t("onesignal-key", &["os_v2_app_"], Lower, 113, 113, "OneSignal app API key (v2)"),
    tc("pinterest-token", &["pina_"], Alnum, 32, 200, Check::Digit, "Pinterest access token"),
    tc("crates-io-token", &["cio"], Alnum, 32, 32, Check::Mixed, "crates.io API token"),
    tc("matrix-token", &["syt_"], Word, 30, 255, Check::Digit, "Matrix (Synapse) access token"),
    t("akamai-token", &["akab-"], Dash, 33, 33, "Akamai EdgeGrid client and access tokens"),
    t("elastic-key", &["essu_"], Base64, 60, 200, "Elastic Cloud Serverless API key"),
    tc("databricks-oauth-secret", &["dose"], Hex, 32, 32, Check::Digit, "Databricks OAuth client secret"),
    t("infisical-token", &["st."], HexDotted, 89, 160, "Infisical service token (hex parts after `st.`)"),
    t("pubnub-secret-key", &["sec-c-"], Base64, 48, 48, "PubNub secret key"),
    tl("fcm-server-key", &["APA91b"], Dash, 134, 134, Lead { start: "AAAA", body: Dash, len: 7, sep: b':' }, "Firebase Cloud Messaging server key (`AAAA…:` and `APA91b…`)"),
    t("instagram-token", &["IGQV"], Dash, 100, ANY, "Instagram (Basic Display / Graph) access token"),
    t("nostr-secret-key", &["nsec1"], Bech32, 58, 58, "Nostr private key (bech32 `nsec`)"),
    tc("mandrill-key", &["md-"], Dash, 22, 22, Check::Cased, "Mandrill (Mailchimp Transactional) API key"),
    t("stytch-secret", &["secret-live-", "secret-test-"], Base64Url, 36, 36, "Stytch project secret"),
    t("together-key", &["tgp_v1_"], Dash, 43, 43, "Together AI API key"),
    t("axiom-token", &["xaat-", "xapt-"], Uuid, 36, 36, "Axiom API and personal tokens"),
    t("trello-token", &["ATTA"], AnyHex, 72, 72, "Trello user token"),
    t("hubspot-token", &["pat-na1-", "pat-eu1-"], Dash, 36, 36, "HubSpot private app access token"),
    tc("telnyx-key", &["KEY0"], Dash, 54, 54, Check::Mixed, "Telnyx API key (v2)"),
    tc("openai-session-token", &["sess-"], Alnum, 40, 40, Check::Mixed, "OpenAI user session token"),
    tt("new-relic-mobile-token", &["AA"], Hex, 40, "-NRMA", "New Relic mobile app token"),
    tt("new-relic-mobile-token", &["eu01xx"], Hex, 36, "-NRMA", "New Relic mobile app token (EU)"),
    t("recharge-key", &["sk_1x1_", "sk_1x3_", "sk_2x1_", "sk_2x2_", "sk_3x3_", "sk_5x3_", "sk_10x3_", "sk_test_1x1_", "sk_test_1x3_", "sk_test_2x1_", "sk_test_2x2_", "sk_test_3x3_", "sk_test_5x3_", "sk_test_10x3_"], AnyHex, 64, 64, "Recharge Payments API key"),
    t("doppler-token", &["dp.st."], Dotted, 43, 80, "Doppler service token with its environment (`dp.st.prd.…`)"),
    // Formats a review found missing (gitleaks, trufflehog, secretlint).
    t("clickhouse-cloud-secret", &["4b1d"], Alnum, 38, 38, "ClickHouse Cloud API secret"),
    t("aws-appsync-key", &["da2-"], Lower, 26, 26, "AWS AppSync API key"),
    t("github-token", &["ghs_"], Dotted, 60, ANY, "GitHub App installation token in its JWT form (`ghs_<id>_<jwt>`)"),
    t("azure-entra-refresh-token", &["0.A", "1.A"], Dotted, 300, ANY, "Microsoft Entra ID refresh token"),
    t("facebook-token", &["EAA"], Alnum, 100, ANY, "Facebook (Meta) user and page access token"),
    t("yandex-iam-token", &["t1."], Dotted, 90, 400, "Yandex Cloud IAM token"),
    tc("vault-token", &["s."], Alnum, 24, 24, Check::Mixed, "HashiCorp Vault service token (legacy `s.`)"),
    tc("dfuse-key", &["web_"], Lower, 32, 32, Check::Digit, "dfuse API key"),
    t("endorlabs-key", &["endr+"], Dash, 16, 16, "Endor Labs API key"),
    t("finage-key", &["API_KEY"], Upper, 32, 32, "Finage API key"),
    t("fullstory-key", &["na1."], Base64, 100, ANY, "FullStory API key"),
    tc("gemini-exchange-key", &["master-", "account-"], Alnum, 20, 20, Check::Mixed, "Gemini exchange master and account API keys"),
    t("pganalyze-key", &["pgar_"], Alnum, 27, 27, "pganalyze API key"),
    t("rootly-key", &["rootly_"], Hex, 64, 64, "Rootly API key"),
    t("sonarcloud-token", &["sqco_"], Alnum, 40, 64, "SonarCloud token"),
    t("ubidots-token", &["BBFF-"], Alnum, 30, 30, "Ubidots token"),
    t("teamwork-token", &["tkn.v1_"], Base64Url, 68, 76, "Teamwork token"),
    t("besttime-key", &["pri_"], Hex, 32, 32, "BestTime private API key"),
    tc("ecostruxure-it-key", &["AK1"], Base64, 50, 55, Check::Mixed, "EcoStruxure IT API key"),
    tc("salesblink-key", &["key-"], Alnum, 64, 64, Check::Mixed, "SalesBlink API key"),
    tc("smooch-key", &["act_"], Lower, 24, 24, Check::Digit, "Smooch (Sunshine Conversations) key id"),
    // A Discord bot token starts with its user id in base64: a digit's
    // first two characters.
    tc("discord-bot-token", &["MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT"], Dotted, 57, 72, Check::Discord, "Discord bot token (user id, time, HMAC)"),
    // A Telegram bot token's secret half (after `<bot id>:`).
    tc("telegram-bot-token", &["AAE", "AAF", "AAG", "AAH"], Dash, 32, 32, Check::Cased, "Telegram bot token (the part after the bot's id and `:`)"),
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
    /// What a stretch of small hex digits and dashes can hold; `None`
    /// when a rule anchor made of nothing else could stand anywhere in
    /// one. See [`Prefixes::walk_end`].
    hex: Option<Hex>,
    /// Every pattern is made of run bytes: none spans the byte that ends
    /// a key before its run (`":"`, `=`), so a key and its run are walked
    /// apart, and a key known to hold no pattern is not walked again.
    separable: bool,
    /// Tells this automaton's quiet keys from another's (see [`QUIET`]).
    id: u64,
    /// The token Mailgun's keys of 32, 8 and 8 hex digits are reported
    /// as (see [`hex_shaped`]).
    mailgun: usize,
}

/// Text lately walked that held no pattern, per thread: the keys before
/// runs (`"request_id":"`, `POST `) and whole short stretches (a path, a
/// long key name), which a busy log repeats on every line. A slot keeps
/// the last text that fell there; a miss costs one walk.
struct QuietKeys {
    slots: [(u64, KeyWords); QUIET_SLOTS],
}

/// Enough that a log's few hundred distinct keys, paths and key names
/// seldom push each other out (12 KiB); 64 missed one walk in four on
/// the noisy benchmark log.
const QUIET_SLOTS: usize = 256;

/// The longest text remembered: four words hold it whole.
const QUIET_MAX: usize = 32;

/// Text of at most [`QUIET_MAX`] bytes, whole: up to sixteen bytes as
/// their first and last eight (overlapping, or zero-padded when
/// shorter), more as their first and last sixteen; and its length.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct KeyWords([u64; 4], usize);

impl KeyWords {
    fn of(key: &[u8]) -> Option<KeyWords> {
        let word = |b: &[u8; 8]| u64::from_le_bytes(*b);
        let half = |b: &[u8]| match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
            (Some(f), Some(l)) => [word(f), word(l)],
            _ => {
                let mut w = [0u8; 8];
                w[..b.len()].copy_from_slice(b);
                [word(&w), 0]
            }
        };
        let words = match (key.first_chunk::<16>(), key.last_chunk::<16>()) {
            _ if key.len() > QUIET_MAX => return None,
            (Some(f), Some(l)) => {
                let (f, l) = (half(f), half(l));
                [f[0], f[1], l[0], l[1]]
            }
            _ => {
                let h = half(key);
                [h[0], h[1], 0, 0]
            }
        };
        Some(KeyWords(words, key.len()))
    }

    fn slot(self) -> usize {
        let [a, b, c, d] = self.0;
        let h = (a ^ b.rotate_left(17) ^ c.rotate_left(31) ^ d.rotate_left(47) ^ self.1 as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 56) as usize % QUIET_SLOTS
    }
}

/// Whether `words`, walked from the start, is known to reach no match.
fn known_quiet(id: u64, words: KeyWords) -> bool {
    QUIET.with(|q| q.borrow().slots[words.slot()] == (id, words))
}

fn remember_quiet(id: u64, words: KeyWords) {
    QUIET.with(|q| q.borrow_mut().slots[words.slot()] = (id, words));
}

thread_local! {
    static QUIET: std::cell::RefCell<QuietKeys> = const {
        std::cell::RefCell::new(QuietKeys {
            slots: [(0, KeyWords([0; 4], 0)); QUIET_SLOTS],
        })
    };
}

/// See [`Prefixes::hex`].
struct Hex {
    /// How far a pattern that starts before such a stretch can reach
    /// into it: its longest ending of hex digits and dashes.
    reach: usize,
    /// The token prefixes made of hex digits and dashes only (`fc-`).
    tokens: Vec<Vec<u8>>,
    /// The first bytes of `tokens`: most places of a UUID start none of
    /// them, and are passed with one load.
    first: [bool; 256],
    /// The rule anchors made of hex digits and dashes only, each of which
    /// starts with a dash, and the shortest run it counts in.
    dashed: Vec<(Vec<u8>, usize)>,
}

impl Hex {
    fn of(pats: &[&str], hits: &[Hit]) -> Option<Hex> {
        let mut hex = Hex {
            reach: 0,
            tokens: Vec::new(),
            first: [false; 256],
            dashed: Vec::new(),
        };
        for (p, hit) in pats.iter().zip(hits) {
            let ending = p.bytes().rev().take_while(|&b| hexish(b)).count();
            if ending == p.len() {
                match *hit {
                    Hit::Token(_) => {
                        hex.first[usize::from(p.as_bytes()[0])] = true;
                        hex.tokens.push(p.as_bytes().to_vec());
                    }
                    Hit::Rule(_, min_run) if p.starts_with('-') => {
                        hex.dashed.push((p.as_bytes().to_vec(), min_run))
                    }
                    Hit::Rule(..) => return None,
                }
            }
            // Starting before the stretch, it holds a proper ending.
            hex.reach = hex.reach.max(ending.min(p.len() - 1));
        }
        Some(hex)
    }
}

/// A small hex digit or a dash: what UUIDs, hashes and trace ids are
/// written in.
fn hexish(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'a'..=b'f' | b'-')
}

/// The longest stretch of small hex digits and dashes that ends
/// `text[start..end]`, up to 64 bytes of it: where it starts, and a bit
/// for each of its dashes (bit i for the byte at the start plus i).
/// Sixteen bytes at a time, from the end: a UUID takes three steps.
fn hex_tail(text: &[u8], start: usize, end: usize) -> (usize, u64) {
    let floor = start.max(end.saturating_sub(64));
    let mut tail = end;
    // Bit i: the byte at `floor + i` is a dash.
    let mut dashes: u64 = 0;
    #[cfg(target_arch = "x86_64")]
    while tail >= floor + 16 {
        let at = tail - 16;
        let chunk: &[u8; 16] = text[at..tail].try_into().expect("sixteen bytes");
        let (hex, dash) = sse2::classify(chunk);
        dashes |= u64::from(dash) << (at - floor);
        let other = !hex & 0xffff;
        if other != 0 {
            // Just past the last byte that is neither.
            tail = at + (32 - other.leading_zeros()) as usize;
            break;
        }
        tail = at;
    }
    // The last bytes, fewer than sixteen (after a break, none: the byte
    // before `tail` is neither).
    while tail > floor && hexish(text[tail - 1]) {
        tail -= 1;
        if text[tail] == b'-' {
            dashes |= 1 << (tail - floor);
        }
    }
    (tail, dashes.checked_shr((tail - floor) as u32).unwrap_or(0))
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// Which of sixteen bytes are small hex digits or dashes, and which
    /// are dashes, as bit masks (bit i for byte i).
    pub fn classify(chunk: &[u8; 16]) -> (u32, u32) {
        // SAFETY: SSE2 is part of every x86_64 CPU; the load reads the
        // sixteen bytes of `chunk`, unaligned.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            // `low..=low + span`: unsigned, `v - low` is at most `span`.
            let within = |low: u8, span: u8| {
                let d = _mm_sub_epi8(v, _mm_set1_epi8(low as i8));
                _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(span as i8)), d)
            };
            let dash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'-' as i8));
            let hex = _mm_or_si128(_mm_or_si128(within(b'0', 9), within(b'a', 5)), dash);
            (
                _mm_movemask_epi8(hex) as u32,
                _mm_movemask_epi8(dash) as u32,
            )
        }
    }
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
        let hex = Hex::of(&pats, &hits);
        let separable = pats.iter().all(|p| p.bytes().all(run_byte));
        let mailgun = TOKENS
            .iter()
            .position(|t| t.name == "mailgun-key")
            .expect("the mailgun-key token");
        Prefixes {
            dfa,
            hits,
            lens,
            hex,
            separable,
            id: super::owner_id(),
            mailgun,
        }
    }

    /// Every prefix hit inside `text[run]`, confirmed: token spans go to
    /// `found` with the token's index; rule anchors go to `fired` with the
    /// rule and where the anchor ends.
    pub fn scan(
        &self,
        text: &[u8],
        run: std::ops::Range<usize>,
        run_start: usize,
        found: &mut impl FnMut(usize, usize, usize),
        fired: &mut impl FnMut(usize, usize),
        stretches: &mut Option<Stretches>,
    ) {
        let dfa = &self.dfa;
        let Ok(mut sid) = dfa.start_state(Anchored::No) else {
            return;
        };
        // Short text seen before that held no pattern: nothing to report.
        let whole = KeyWords::of(&text[run.clone()]);
        if whole.is_some_and(|w| known_quiet(self.id, w)) {
            return;
        }
        // The key before the run, when it ends at a byte no pattern holds
        // (the walk is back at its start there): skipped when it is known
        // to hold no pattern.
        let key = run.start..run_start.clamp(run.start, run.end);
        let quiet_key = self.separable && !key.is_empty() && !run_byte(text[key.end - 1]);
        let words = quiet_key
            .then(|| KeyWords::of(&text[key.clone()]))
            .flatten();
        let from = match words {
            Some(w) if known_quiet(self.id, w) => key.end,
            _ => run.start,
        };
        // Past a key skipped, the run alone: the same one follows many
        // words (`bearer password_min_length`, `oidc password_min_length`)
        // and is then known as well.
        let rest = (from > run.start)
            .then(|| KeyWords::of(&text[from..run.end]))
            .flatten();
        if rest.is_some_and(|w| known_quiet(self.id, w)) {
            return;
        }
        let mut key_matched = false;
        let mut matched = false;
        // The walk is a chain of dependent loads, each waiting on the one
        // before: what it need not read is where the time goes.
        let walk = self.walk_end(text, run.clone(), from).max(from);
        // Keys without a prefix, found by their shape in long runs only.
        if run.end - run_start >= HEX_SHAPED
            && let Some((start, end)) = hex_shaped(text, run_start..run.end)
        {
            matched = true;
            found(self.mailgun, start, end);
        }
        // Every match of every pattern, as an overlapping search reports
        // them: by end, then in the automaton's order. Without a
        // prefilter and with standard semantics, the only special states
        // are match states.
        for (k, &byte) in text[from..walk].iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if !dfa.is_special(sid) || !dfa.is_match(sid) {
                continue;
            }
            let end = from + k + 1;
            matched = true;
            key_matched |= end <= key.end;
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
                        let stretches = stretches.get_or_insert_with(Stretches::new);
                        if let Some((start, end)) = confirm(&TOKENS[i], text, start, end, stretches)
                        {
                            found(i, start, end);
                        }
                    }
                }
            }
        }
        // The walk stops only where no match can end (see `walk_end`).
        if let Some(w) = words
            && from == run.start
            && !key_matched
            && walk >= key.end
        {
            remember_quiet(self.id, w);
        }
        if let Some(w) = whole
            && !matched
        {
            remember_quiet(self.id, w);
        }
        if let Some(w) = rest
            && !matched
        {
            remember_quiet(self.id, w);
        }
    }

    /// Whether hex tails are skipped (see [`Prefixes::walk_end`]).
    #[cfg(test)]
    pub fn skips_hex_tails(&self) -> bool {
        self.hex.is_some()
    }

    /// Whether keys known to hold no pattern are skipped (see
    /// [`Prefixes::separable`]).
    #[cfg(test)]
    pub fn skips_quiet_keys(&self) -> bool {
        self.separable
    }

    /// Where the walk of `text[run]` can stop: before the part of the
    /// run's hex tail (a UUID, a hash, a hex secret's body) that no match
    /// can reach. A match ending in the tail either starts before it, and
    /// then reaches at most `reach` into it, or is made of hex digits and
    /// dashes only: a token prefix, which counts only where a token can
    /// start (not glued to a letter or digit: at the tail's start or after
    /// a dash), or a rule anchor that starts with a dash. Where one of
    /// those is written, the whole run is walked. A walk that starts at
    /// `from`, in the tail (the key before a UUID known to hold nothing),
    /// has nothing to walk: no match it could find starts before the tail.
    fn walk_end(&self, text: &[u8], run: std::ops::Range<usize>, from: usize) -> usize {
        let Some(hex) = &self.hex else {
            return run.end;
        };
        let (tail, mut dashes) = hex_tail(text, run.start, run.end);
        let stop = if from >= tail { from } else { tail + hex.reach };
        if stop >= run.end {
            return run.end;
        }
        // The first byte decides almost every time (a UUID's groups seldom
        // start `fc-`): compared alone, before a call to compare the rest.
        let written = |p: &[u8], at: usize| {
            text.get(at..at + p.len())
                .is_some_and(|w| w.first() == p.first() && w == p)
        };
        let token_at = |at: usize| {
            text.get(at).is_some_and(|&b| hex.first[usize::from(b)])
                && hex.tokens.iter().any(|p| written(p, at))
        };
        if token_at(tail) {
            return run.end;
        }
        // After an escape or percent-encoding that ends in hex digits
        // (`%22fc-…`, `\u0022fc-…`), a token starts inside the tail.
        if (tail + 2..(tail + 5).min(run.end)).any(|at| token_at(at) && escaped_separator(text, at))
        {
            return run.end;
        }
        let anchors = hex
            .dashed
            .iter()
            .filter(|(_, min_run)| run.len() >= *min_run);
        while dashes != 0 {
            let dash = tail + dashes.trailing_zeros() as usize;
            dashes &= dashes - 1;
            if token_at(dash + 1) || anchors.clone().any(|(p, _)| written(p, dash)) {
                return run.end;
            }
        }
        stop
    }
}

/// How long [`hex_shaped`]'s keys are.
const HEX_SHAPED: usize = 50;

/// Mailgun's signing keys and newer private API keys have no prefix: 32,
/// 8 and 8 small hex digits joined by dashes, which nothing else common
/// is written as (a UUID is 8-4-4-4-12). The first such key in
/// `text[run]`, not glued to a word or to more groups on either side (an
/// escape or a percent-encoding around it is no word: `%2F…%2F`, `\t…\t`).
/// Looked for at the run's dashes. Out of line: most runs are shorter,
/// and inlined it made every walk's code longer.
#[inline(never)]
fn hex_shaped(text: &[u8], run: std::ops::Range<usize>) -> Option<(usize, usize)> {
    let small_hex = |&b: &u8| b != b'-' && hexish(b);
    memchr::memchr_iter(b'-', &text[run.clone()])
        .map(|i| run.start + i)
        .filter(|&dash| dash >= run.start + 32 && dash + 18 <= run.end)
        .map(|dash| (dash - 32, dash + 18))
        .find(|&(start, end)| {
            let key = &text[start..end];
            key[41] == b'-'
                && key[..32].iter().all(small_hex)
                && key[33..41].iter().all(small_hex)
                && key[42..].iter().all(small_hex)
                && !glued(text, start)
                && start.checked_sub(1).is_none_or(|i| text[i] != b'-')
                && !text
                    .get(end)
                    .is_some_and(|&b| b == b'-' || b.is_ascii_alphanumeric())
        })
}

/// Whether a token starting at `start` is glued to a word before it, and
/// so part of something else (`xsk_live_…`, `Ask_live_…`). An escape or a
/// percent-encoding that ends there is not a word: it stands for the byte
/// before the token (`line1\nsk_live_…`, `%3Dsk_live_…`, `\u0022sk_live_…`).
fn glued(text: &[u8], start: usize) -> bool {
    start > 0 && text[start - 1].is_ascii_alphanumeric() && !escaped_separator(text, start)
}

/// Whether the bytes just before `at` are an escape (`\n`, `\t`, `\r`,
/// `\xHH`, `\uHHHH`) or a percent-encoding (`%HH`) of an ASCII byte that
/// is not a letter or digit. A backslash that is itself escaped (`\\n`)
/// escapes nothing: the `n` is text.
fn escaped_separator(text: &[u8], at: usize) -> bool {
    // The ASCII byte the hex digits `text[from..at]` spell, if they do.
    let decoded = |from: usize| -> Option<u8> {
        let digits = text.get(from..at)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let v = digits
            .iter()
            .fold(0u32, |v, &d| v * 16 + (d as char).to_digit(16).unwrap_or(0));
        u8::try_from(v).ok().filter(u8::is_ascii)
    };
    let separator = |from: usize| decoded(from).is_some_and(|c| !c.is_ascii_alphanumeric());
    // An odd number of backslashes ends just before `i`.
    let escapes = |i: usize| text[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
    match text[at - 1] {
        b'n' | b't' | b'r' => escapes(at - 1),
        _ => {
            (at >= 3 && text[at - 3] == b'%' && separator(at - 2))
                || (at >= 4 && text[at - 3] == b'x' && escapes(at - 3) && separator(at - 2))
                || (at >= 6 && text[at - 5] == b'u' && escapes(at - 5) && separator(at - 4))
        }
    }
}

/// Where stretches of each body alphabet end, as found so far in one
/// walk: a prefix repeated along a stretch of its own body's bytes
/// (`-1.A-1.A-…`, `_sntrys_sntrys_…`) would otherwise read the rest of
/// the stretch at every repeat, quadratic in the line's length.
pub struct Stretches([(usize, usize); BODIES]);

/// How many body alphabets there are.
const BODIES: usize = Body::HexDotted as usize + 1;

impl Stretches {
    pub fn new() -> Stretches {
        Stretches([(usize::MAX, 0); BODIES])
    }

    /// Where the stretch of `alphabet` bytes that starts at `from` ends.
    fn end(&mut self, alphabet: Body, text: &[u8], from: usize) -> usize {
        let (start, end) = self.0[alphabet as usize];
        if start <= from && from <= end {
            return end;
        }
        let end = from
            + text[from..]
                .iter()
                .take_while(|&&b| alphabet.has(b))
                .count();
        self.0[alphabet as usize] = (from, end);
        end
    }
}

/// Whether a Discord bot token's body (after its two-byte prefix) is
/// three parts of the right lengths (see [`Check::Discord`]). Out of
/// line: inlined into the prefix walk, it cost every line of a busy log
/// about 0.9% more instructions.
#[inline(never)]
fn discord_parts(b: &[u8]) -> bool {
    let mut parts = b.split(|&c| c == b'.');
    let (Some(id), Some(time), Some(mac), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    (22..=24).contains(&id.len())
        && time.len() == 6
        && (27..=38).contains(&mac.len())
        && id.iter().any(u8::is_ascii_digit)
}

/// The span of the token whose prefix spans `start..body`, if the bytes
/// around and after it fit the format: from the prefix (or its lead, when
/// written before it) to the end of the body and tail.
fn confirm(
    tok: &Token,
    text: &[u8],
    start: usize,
    body: usize,
    stretches: &mut Stretches,
) -> Option<(usize, usize)> {
    // The prefix's first letter ends an escape (`\t1.A…` is a tab, then
    // `1.A…`): it is not the token's.
    let escape_letter =
        matches!(text[start], b'n' | b't' | b'r') && escaped_separator(text, start + 1);
    if glued(text, start) || escape_letter {
        return None;
    }
    let mut end = stretches.end(tok.body, text, body);
    // A sentence's full stop is not part of a dotted body.
    if matches!(tok.body, Body::Dotted | Body::HexDotted) {
        while end > body && text[end - 1] == b'.' {
            end -= 1;
        }
    }
    let len = end - body;
    if len < tok.min || len > tok.max {
        return None;
    }
    if !tok.tail.is_empty() {
        if !text[end..].starts_with(tok.tail.as_bytes()) {
            return None;
        }
        end += tok.tail.len();
    }
    // Glued to more letters or digits after it: a longer word.
    if end < text.len() && text[end].is_ascii_alphanumeric() {
        return None;
    }
    let b = &text[body..end - tok.tail.len()];
    let ok = match tok.check {
        Check::None => true,
        Check::Digit => b.iter().any(u8::is_ascii_digit),
        Check::Cased => {
            b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase)
        }
        Check::UpperDigit => {
            b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_digit)
        }
        Check::Discord => discord_parts(b),
        Check::Mixed => {
            b.iter().any(u8::is_ascii_uppercase)
                && b.iter().any(u8::is_ascii_lowercase)
                && b.iter().any(u8::is_ascii_digit)
        }
    };
    let from = tok
        .lead
        .as_ref()
        .and_then(|l| l.before(text, start))
        .unwrap_or(start);
    ok.then_some((from, end))
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
            ex.push_str(tok.tail);
            // A Discord token's parts have lengths of their own.
            if tok.check == Check::Discord {
                ex = tok.example();
            }
            let line = format!("x {ex} y");
            let mut got = Vec::new();
            prefixes.scan(
                line.as_bytes(),
                2..2 + ex.len(),
                2,
                &mut |t, s, e| got.push((t, s, e)),
                &mut |_, _| {},
                &mut None,
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

#[cfg(test)]
mod boundary_tests {
    use super::*;

    /// The spans `scan` finds in `line`, walked as one run.
    fn spans(line: &str) -> Vec<(&'static str, &str)> {
        let prefixes = Prefixes::new(&[]);
        let mut got = Vec::new();
        prefixes.scan(
            line.as_bytes(),
            0..line.len(),
            0,
            &mut |t, s, e| got.push((TOKENS[t].name, &line[s..e])),
            &mut |_, _| {},
            &mut None,
        );
        got
    }

    const STRIPE: &str = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

    #[test]
    fn a_token_after_an_escape_or_percent_encoding_is_found_from_its_prefix() {
        for before in [
            r"line1\n",
            r"\t",
            r"\r\n",
            r#"\""#,
            r"\u0022",
            r"\x22",
            r"\\\n",
            "%3D",
            "%3a",
            "%2F",
            "%22",
            "%20",
            "%2C",
            "?next=%2Fapi%3Ftoken%3D",
        ] {
            let line = format!("{before}{STRIPE}%26x%3D1");
            assert_eq!(spans(&line), [("stripe-key", STRIPE)], "{line}");
        }
    }

    #[test]
    fn a_token_glued_to_a_word_is_not_one() {
        for before in [
            "x", "A", "9", r"\\n", r"\\\\t", "%41", "%7a", "%30", r"\u0041", r"\x61", r"\u00e9",
            "%C3%A9", "n", "%2",
        ] {
            let line = format!("{before}{STRIPE}");
            assert_eq!(spans(&line), [], "{line}");
        }
    }

    #[test]
    fn a_lead_and_a_tail_are_part_of_the_token() {
        let body: String = (0..134).map(|i| Body::Dash.sample(i)).collect();
        let fcm = format!("AAAAx1-_9Zq:APA91b{body}");
        assert_eq!(
            spans(&format!("key {fcm} sent")),
            [("fcm-server-key", fcm.as_str())]
        );
        // Without its lead, or with one glued to a word, the rest still is.
        let bare = format!("APA91b{body}");
        assert_eq!(
            spans(&format!("key :{bare} sent")),
            [("fcm-server-key", bare.as_str())]
        );
        assert_eq!(
            spans(&format!("xAAAAx1-_9Zq:{bare}")),
            [("fcm-server-key", bare.as_str())]
        );
        let nrma = format!("AA{}-NRMA", &"0123456789abcdef".repeat(3)[..40]);
        assert_eq!(
            spans(&format!("token {nrma}.")),
            [("new-relic-mobile-token", nrma.as_str())]
        );
        assert_eq!(spans(&format!("token {}-NRMB", &nrma[..42])), []);
        assert_eq!(spans(&format!("token {nrma}X")), []);
    }
}

#[cfg(test)]
mod hex_tests {
    use super::*;
    use proptest::prelude::*;

    /// [`hex_tail`] byte by byte.
    fn hex_tail_by_bytes(text: &[u8], start: usize, end: usize) -> (usize, u64) {
        let floor = start.max(end.saturating_sub(64));
        let mut tail = end;
        while tail > floor && hexish(text[tail - 1]) {
            tail -= 1;
        }
        let dashes = text[tail..end]
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'-')
            .fold(0u64, |bits, (i, _)| bits | 1 << i);
        (tail, dashes)
    }

    #[test]
    fn stretch_ends_are_remembered_as_a_scan_would_find_them() {
        let text = b"-1.A-1.A-1.A x_sntrys_ab+c/d= EAAb-c";
        for alphabet in [Body::Dotted, Body::Base64Any, Body::Alnum, Body::Dash] {
            let mut stretches = Stretches::new();
            // Every start, in order (as a walk meets them) and again.
            for from in (0..text.len()).chain(0..text.len()) {
                let scanned = from
                    + text[from..]
                        .iter()
                        .take_while(|&&b| alphabet.has(b))
                        .count();
                assert_eq!(
                    stretches.end(alphabet, text, from),
                    scanned,
                    "{alphabet:?} at {from}"
                );
            }
        }
    }

    /// Every hit `scan` reports, in order: tokens and fired rules.
    fn hits(
        prefixes: &Prefixes,
        text: &[u8],
        run: std::ops::Range<usize>,
        run_start: usize,
    ) -> Vec<(char, usize, usize, usize)> {
        let mut got = Vec::new();
        let found = std::cell::RefCell::new(&mut got);
        prefixes.scan(
            text,
            run,
            run_start,
            &mut |t, s, e| found.borrow_mut().push(('t', t, s, e)),
            &mut |r, e| found.borrow_mut().push(('r', r, 0, e)),
            &mut None,
        );
        got
    }

    /// Rule anchors as the redactor's: the webex one that starts with a
    /// dash (and counts only in long runs), one that may count anywhere,
    /// and ones with hex endings.
    fn anchors() -> Vec<(String, usize, usize)> {
        vec![
            ("-4".to_string(), 0, 40),
            ("-a1".to_string(), 1, 0),
            ("eyJ".to_string(), 2, 0),
            ("key-0".to_string(), 3, 0),
        ]
    }

    #[test]
    fn hex_tails_are_skipped_unless_an_anchor_can_stand_anywhere_in_one() {
        let prefixes = Prefixes::new(&anchors());
        let hex = prefixes
            .hex
            .as_ref()
            .expect("no all-hex anchor that can stand anywhere");
        assert!(hex.reach < 16, "reach {}", hex.reach);
        assert!(hex.tokens.iter().any(|t| t == b"fc-"));
        // An all-hex anchor that need not follow a dash turns it off.
        let mut more = anchors();
        more.push(("00d".to_string(), 4, 0));
        assert!(Prefixes::new(&more).hex.is_none());
    }

    #[test]
    fn a_key_of_32_8_and_8_hex_digits_is_found_by_its_shape() {
        let key = b"c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b";
        assert_eq!(hex_shaped(key, 0..50), Some((0, 50)));
        let quoted = br#"{"value":"c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b"}"#;
        assert_eq!(hex_shaped(quoted, 10..60), Some((10, 60)));
        // Inside a run, between escapes.
        let escaped =
            br"return_to=%2Fshare%2F4fa4e660f0c845be3d6d087e6382b448-67dc63fe-ee2fd978%2Fview";
        assert_eq!(hex_shaped(escaped, 10..escaped.len()), Some((21, 71)));
        let tabbed = br#""cols:\tc7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b\tok""#;
        assert_eq!(hex_shaped(tabbed, 1..tabbed.len() - 1), Some((8, 58)));
        // Glued to a word, another grouping, a UUID, a longer stretch.
        for text in [
            &b"xc7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b"[..],
            b"c7f1b78320d1ed083e320f602fbf6ea-f7945f700-47333e9b",
            b"fdbd69a9-c5bd-4cac-a86b-eafd2783c67b",
            b"0c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b",
            b"c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9-b",
            b"c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9bx",
            b"C7F1B78320D1ED083E320F602FBF6EAF-7945F700-47333E9B",
            b"c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b-0a1b",
            b"build-c7f1b78320d1ed083e320f602fbf6eaf-7945f700-47333e9b",
        ] {
            assert_eq!(
                hex_shaped(text, 0..text.len()),
                None,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn a_uuid_is_walked_only_where_a_prefix_can_reach() {
        let prefixes = Prefixes::new(&anchors());
        let text = br#""request_id":"fdbd69a9-c5bd-4cac-a86b-eafd2783c67b"}"#;
        let run = 14..50;
        // Walked from before the UUID (a key not known quiet).
        let stop = prefixes.walk_end(text, run.clone(), 1);
        assert_eq!(stop, 14 + prefixes.hex.as_ref().unwrap().reach);
        // Walked from the UUID's start (its key known to hold nothing):
        // nothing to walk.
        assert_eq!(prefixes.walk_end(text, run.clone(), 14), 14);
        // A token prefix after a dash, or a dashed anchor in a run long
        // enough for it, makes the whole run walked.
        let text = br#""request_id":"fdbd69a9-c5bd-4cac-a86b-fc-d2783c67b0"}"#;
        assert_eq!(prefixes.walk_end(text, run.clone(), 1), 50);
        assert_eq!(prefixes.walk_end(text, run.clone(), 14), 50);
        let text = br#""request_id":"fdbd69a9-c5bd-4cac-a1-beafd2783c67b0"}"#;
        assert_eq!(prefixes.walk_end(text, run.clone(), 1), 50);
        assert_eq!(prefixes.walk_end(text, run, 14), 50);
    }

    proptest! {
        #[test]
        fn hex_tail_is_what_the_bytes_say(
            text in proptest::collection::vec(
                prop::sample::select(b"0123456789abcdef----gxA\"_=".to_vec()), 0..150),
            a in 0usize..150,
            b in 0usize..150,
        ) {
            let (start, end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            prop_assert_eq!(hex_tail(&text, start, end), hex_tail_by_bytes(&text, start, end));
        }

        /// Mostly hex, with pieces of every hex-ended pattern: a walk that
        /// stops early reports what the whole walk reports.
        #[test]
        fn a_shortened_walk_misses_nothing(
            pieces in proptest::collection::vec(prop_oneof![
                Just("fc-"), Just("-4"), Just("-a1"), Just("key-0"), Just("GR1348941"),
                Just("sk-ant-api03-"), Just("eyJ"), Just("-"), Just("_"), Just("x"),
                Just("0"), Just("9f"), Just("abcdef"), Just("4b3c2d1e0f"), Just("fc"),
                Just("%22"), Just("%2"), Just("\\u0022"), Just("\\x2"), Just("\\"),
            ], 1..24),
            lead in 0usize..4,
        ) {
            let text = pieces.concat();
            let text = text.as_bytes();
            let fast = Prefixes::new(&anchors());
            let mut full = Prefixes::new(&anchors());
            full.hex = None;
            let start = lead.min(text.len());
            prop_assert_eq!(
                hits(&fast, text, start..text.len(), start),
                hits(&full, text, start..text.len(), start)
            );
            // After a key that holds nothing, walked from the run's start
            // once the key is known quiet (the second time).
            let keyed = [br#""id":""#.as_slice(), text].concat();
            let run = 0..keyed.len();
            for _ in 0..2 {
                prop_assert_eq!(
                    hits(&fast, &keyed, run.clone(), 6),
                    hits(&full, &keyed, run.clone(), 6)
                );
            }
        }

        /// A key before its run (`"key":"`, `KEY=`, `Bearer `), and short
        /// stretches, seen again and again: what the walk reports each time
        /// is what the whole walk reports, whether they hold a pattern or
        /// not.
        #[test]
        fn a_key_known_quiet_is_skipped_and_misses_nothing(
            keys in proptest::collection::vec(prop_oneof![
                Just("\"request_id\":\""), Just("POST "), Just("token="), Just("eyJ="),
                Just("AccountKey="), Just("x-4 "), Just("ghp_ "), Just("key-0:"), Just("Q~ "),
                Just("\"a\": \""), Just("sk-ant-api03-\""),
            ], 1..12),
            runs in proptest::collection::vec(prop_oneof![
                Just("fdbd69a9-c5bd-4cac-a86b-eafd2783c67b"),
                Just("ghp_0123456789abcdefABCDEF0123456789abcd"),
                Just("eyJhbGciOiJIUzI1NiJ9xxxxxxxxxxxx"),
                Just("/api/v1/credentials/verify"),
                Just("Q~abcdefghijklmnopqrstuvwxyz0123456789"),
                Just("/api/v1/auth/token"),
                Just("password_reset_requested"),
                Just("fc-0123456789abcdef0123456789abcdef"),
                Just("ab-4cd"),
            ], 1..12),
        ) {
            let fast = Prefixes::new(&anchors());
            let mut full = Prefixes::new(&anchors());
            full.hex = None;
            full.separable = false;
            for (key, run) in keys.iter().zip(runs.iter().cycle()) {
                let text = format!("{key}{run}\"");
                let text = text.as_bytes();
                let whole = 0..text.len() - 1;
                prop_assert_eq!(
                    hits(&fast, text, whole.clone(), key.len()),
                    hits(&full, text, whole, key.len()),
                    "{}", String::from_utf8_lossy(text)
                );
            }
        }
    }
}
