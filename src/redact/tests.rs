//! Unit tests of the engine; the per-rule corpus lives in tests/redact.rs.

use super::*;

fn r(text: &str) -> String {
    Redactor::builtin().redact(text).into_owned()
}

#[test]
fn replaces_the_secret_and_keeps_the_context() {
    assert_eq!(
        r("token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB from 203.0.113.7"),
        "token=[REDACTED:github-token] from 203.0.113.7"
    );
    assert_eq!(
        r("OS_HTTP_SECRET=3f9a0c"),
        "OS_HTTP_SECRET=[REDACTED:secret-assignment]"
    );
    assert_eq!(
        r(r#"{"password": "p@ss w0rd", "user": "bob"}"#),
        r#"{"password": "[REDACTED:secret-assignment]", "user": "bob"}"#
    );
    assert_eq!(
        r("Authorization: Bearer abcdef0123456789abcdef"),
        "Authorization: Bearer [REDACTED:authorization-header]"
    );
    assert_eq!(
        r("postgres://app:S3cretPw@db:5432/app"),
        "postgres://app:[REDACTED:url-credentials]@db:5432/app"
    );
}

#[test]
fn leaves_placeholders_and_look_alikes_alone() {
    for line in [
        "OS_HTTP_SECRET=changeme",
        "export WEBHOOK_SIGNING_SECRET=${WEBHOOK_SIGNING_SECRET}",
        "password: <redacted>",
        "api_key=****",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixes token refresh",
        "request 123e4567-e89b-12d3-a456-426614174000 ok",
        "image sha256:9b2a7e1c0d6f4e3b8a5c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a",
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7",
        "the token expired; ask the user to log in again",
        "token_type=bearer expires_in=3600",
        "ROBODJ_SECRET_KEY_EXPIRES_AT=2026-12-01T00:00:00Z",
        "password: required",
    ] {
        assert_eq!(r(line), line);
    }
}

#[test]
fn redaction_is_idempotent_on_markers() {
    let once =
        r("GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB url=https://u:pw123456@h/");
    assert_eq!(r(&once), once);
}

/// `[REDACTED:` written by whoever controls a log field is not a marker:
/// only a name this redactor writes makes one, so nothing up to the next
/// `]` is shielded from the finders.
#[test]
fn a_marker_opening_in_the_log_shields_nothing() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    for (line, secret) in [
        (
            "[REDACTED:ghp_0123456789abcdefghijklmnopqrstuvwxyzAB]".to_string(),
            "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        ),
        ("[REDACTED:x password=hunter2abc]".to_string(), "hunter2abc"),
        (
            format!(r#"{{"user":"[REDACTED:x","auth":"Bearer {jwt}","tags":[1]}}"#),
            jwt,
        ),
    ] {
        let out = r(&line);
        assert!(!out.contains(secret), "{out}");
        assert_eq!(r(&out), out, "a second pass changes nothing");
    }
    // Markers it wrote, a user rule's among them, stay as they are.
    let red = Redactor::builder()
        .pattern("acme", "acme_[0-9]{4}")
        .build()
        .unwrap();
    settles(
        &red,
        "id acme_1234 token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "id [REDACTED:acme] token=[REDACTED:github-token]",
    );
}

/// `input` redacts to `expected`, which a second redaction leaves alone.
fn settles(red: &Redactor, input: &str, expected: &str) {
    let once = red.redact(input);
    assert_eq!(once, expected);
    assert_eq!(red.redact(&once), once);
}

/// A keyword inside a marker the redactor wrote is part of a rule's name
/// and sets off nothing; inside anything else it counts.
#[test]
fn keywords_inside_own_markers_set_off_nothing() {
    let red = Redactor::builtin();
    let at = |text: &str, word: &str| {
        let pos = text.find(word).unwrap();
        red.in_marker(text.as_bytes(), pos)
    };
    assert!(at("token=[REDACTED:github-token] next", "-token"));
    assert!(at("[REDACTED:cli-password-flag]", "pass"));
    assert!(!at("token=[REDACTED:github-token] next --token", "--token"));
    assert!(
        !at("[REDACTED:my-own-token] x", "-token"),
        "not a name it writes"
    );
    assert!(
        !at("[REDACTED:github-token --token x", "-token"),
        "never closed"
    );
    assert!(!at("[REDACTED:a] [x] --token", "--token"));
    assert!(at("[REDACTED:x [REDACTED:github-token]", "-token"));
    // Openings without a known name, by the thousand, with the one `]`
    // at the end: a marker is looked for near each, not up to that `]`.
    let many = format!("{}]", "[REDACTED:".repeat(20_000));
    assert!(red.markers(&many).is_empty());
    let genuine = format!("{many} [REDACTED:literal]");
    assert_eq!(red.markers(&genuine), [(genuine.len() - 18, genuine.len())]);
    // A second look at a line whose token became a marker finds the
    // marker alone, as the first left it.
    settles(
        &red,
        "--token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "--token [REDACTED:github-token]",
    );
}

#[test]
fn multi_line_pem_keys_are_hidden_line_by_line() {
    let red = Redactor::builtin();
    let mut s = Stream::default();
    let lines = [
        "key follows:",
        "-----BEGIN RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
        "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
        "-----END RSA PRIVATE KEY-----",
        "after",
    ];
    let out: Vec<String> = lines
        .iter()
        .map(|l| red.clean_line(&mut s, l.as_bytes()))
        .collect();
    assert_eq!(out[0], "key follows:");
    assert!(out[1].starts_with("[REDACTED:private-key]"));
    assert_eq!(out[2], "[REDACTED:private-key]");
    assert_eq!(out[3], "[REDACTED:private-key]");
    assert_eq!(out[4], "[REDACTED:private-key]");
    assert_eq!(out[5], "after");
}

#[test]
fn a_long_key_is_hidden_to_its_last_line() {
    // A PGP keyring with several large subkeys runs to hundreds of lines.
    let red = Redactor::builtin();
    let mut stream = Stream::default();
    let body = "lQVYBGVfakeKeyMaterialAAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKK";
    let mut lines = vec!["-----BEGIN PGP PRIVATE KEY BLOCK-----".to_string()];
    lines.extend((0..1000).map(|i| format!("{body}{i:03}")));
    lines.push("-----END PGP PRIVATE KEY BLOCK-----".to_string());
    lines.push("after the key".to_string());
    let out: Vec<String> = lines
        .iter()
        .map(|l| red.clean_line(&mut stream, l.as_bytes()))
        .collect();
    assert!(out.iter().all(|l| !l.contains("fakeKeyMaterial")));
    assert_eq!(out.last().unwrap(), "after the key");
}

#[test]
fn one_line_pem_with_escapes_is_hidden() {
    let line = r#"{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n", "client_email": "x@y"}"#;
    let out = r(line);
    assert!(!out.contains("MIIEvQ"), "{out}");
    assert!(out.contains("client_email"), "{out}");
}

#[test]
fn user_rules_and_keys_apply() {
    let red = Redactor::builder()
        .pattern("acme", r"ACME-[0-9]{6}")
        .keys("acme-env", ["ACME_THING"])
        .build()
        .unwrap();
    assert_eq!(
        red.redact("id ACME-123456 and ACME_THING=plainword")
            .as_ref(),
        "id [REDACTED:acme] and ACME_THING=[REDACTED:acme-env]"
    );
    assert!(Redactor::builder().pattern("bad", "(").build().is_err());
}

#[test]
fn registered_literals_are_scrubbed_even_split_by_escapes() {
    let mut red = Redactor::builtin();
    red.register_literal("correct horse battery").unwrap();
    let mut s = Stream::default();
    let out = red.clean_line(&mut s, b"pw is correct \x1b[1mhorse\x1b[0m battery!");
    assert_eq!(out, "pw is [REDACTED:literal]!");
}

#[test]
fn long_lines_are_cut_with_a_marker_after_redaction() {
    let red = Redactor::builder().max_line(100).build().unwrap();
    let line = format!(
        "{} ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "a".repeat(90)
    );
    let out = red.clean_line(&mut Stream::default(), line.as_bytes());
    assert!(out.ends_with("bytes cut]"), "{out}");
    assert!(!out.contains("ghp_0123"), "{out}");
}

#[test]
fn notes_keep_their_newlines() {
    let red = Redactor::builtin();
    assert_eq!(
        red.clean_text("line one\nsecret=abc123XYZ\x07\nthree"),
        "line one\nsecret=[REDACTED:secret-assignment]\nthree"
    );
}

#[test]
fn key_names_are_classified() {
    assert_eq!(classify_key("COCKPIT_CSRF_SECRET"), Some(Strength::Strong));
    assert_eq!(classify_key("clientSecret"), Some(Strength::Strong));
    assert_eq!(classify_key("x-vault-token"), Some(Strength::Heuristic));
    assert_eq!(
        classify_key("SUPABASE_SERVICE_ROLE_KEY"),
        Some(Strength::Heuristic)
    );
    assert_eq!(classify_key("token_type"), None);
    // Any `…_key` may hold a generated secret, but only a random-looking
    // value is one.
    assert_eq!(classify_key("deploy_key"), Some(Strength::Random));
    assert_eq!(classify_key("cache_key"), None);
    assert_eq!(
        r("cache_key=user:4411:profile"),
        "cache_key=user:4411:profile"
    );
    assert_eq!(classify_key("author"), None);
    assert_eq!(classify_key("JOBFORGE_POLICY_TOKEN_EXPIRY_HOURS"), None);
}

#[test]
fn block_cleaning_equals_line_by_line_cleaning() {
    let red = Redactor::builder().max_line(200).build().unwrap();
    let text = format!(
        "plain line\ntoken=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\nbell\x07here\ncaf\u{e9}\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n{}\nlast no newline secret=abcdef123456",
        "x".repeat(300)
    );
    let (block, lines) = block_and_lines(&red, &text);
    assert_eq!(block, lines);
}

/// `text` cleaned as one block, and line by line (joined again).
fn block_and_lines(red: &Redactor, text: &str) -> (String, String) {
    let mut out = Vec::new();
    red.clean_lines(&mut Stream::default(), text.as_bytes(), &mut out, None);
    let mut s = Stream::default();
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| red.clean_line(&mut s, l.as_bytes()))
        .collect();
    (String::from_utf8(out).unwrap(), lines.join("\n"))
}

#[test]
fn a_user_pattern_made_of_runs_is_set_off_inside_runs_only() {
    assert!(matches_only_runs(r"gh[pousr]_[A-Za-z0-9]{36,}"));
    assert!(matches_only_runs(r"\bACME_[A-Z0-9]{16}\b"));
    // Too short to be a run, or holding a byte no run has.
    assert!(!matches_only_runs(r"ACME-[0-9]{6}"));
    assert!(!matches_only_runs(r"acme [0-9]{20}"));
    assert!(!matches_only_runs(r"(?i)acme\w{20}"));
    // Every spelling the pattern can match is still found, in any framing.
    let red = Redactor::builder()
        .pattern("acme", r"(?i)acme_[0-9]{20}")
        .build()
        .expect("builds");
    assert!(red.user_literals.is_none(), "no per-line search");
    for line in [
        "key=acme_01234567890123456789",
        "token: ACME_01234567890123456789",
        "glued xAcMe_01234567890123456789 end",
        "\"AcmE_01234567890123456789\"",
    ] {
        let out = red.clean_line(&mut Stream::default(), line.as_bytes());
        assert!(out.contains("[REDACTED:acme]"), "{line:?} -> {out:?}");
        let mut block = Vec::new();
        red.clean_lines(
            &mut Stream::default(),
            format!("{line}\n").as_bytes(),
            &mut block,
            None,
        );
        assert_eq!(String::from_utf8_lossy(&block), format!("{out}\n"));
    }
}

#[test]
fn user_patterns_get_a_prefilter_when_they_have_literals() {
    assert_eq!(
        required_literals(r"ACME-[0-9]{6}", true),
        Some(vec!["acme-".to_string()])
    );
    assert_eq!(
        required_literals(r"gh[pousr]_[A-Za-z0-9]{36,}", true),
        Some(vec![
            "gho_".into(),
            "ghp_".into(),
            "ghr_".into(),
            "ghs_".into(),
            "ghu_".into()
        ])
    );
    assert_eq!(required_literals(r"[0-9a-f]{40}", true), None);
    // Prefiltered or not, the rule still fires.
    let red = Redactor::builder()
        .pattern("acme", r"(?i)acme-[0-9]{6}")
        .build()
        .unwrap();
    assert_eq!(
        red.redact("x AcMe-123456 y").as_ref(),
        "x [REDACTED:acme] y"
    );
}

/// Every keyword of every rule, in each spelling its regex can match, must
/// contain a block anchor, or lines holding it would skip the rules.
#[test]
fn block_anchors_cover_every_keyword() {
    let (anchors, _) = block_anchors(&[]);
    let covered = |k: &str| anchors.iter().any(|a| k.contains(a.as_str()));
    let mut missing = Vec::new();
    for b in rules::builtins() {
        if rules::RUN_COVERED.contains(&b.name) {
            continue;
        }
        // Commands and structures are written as they are; only words
        // that name a secret come in every case.
        let insensitive = b.pattern.starts_with("(?i)");
        for k in b.keywords {
            if rules::RUN_COVERED_KEYWORDS.contains(k) {
                continue;
            }
            let lower = if insensitive {
                k.to_ascii_lowercase()
            } else {
                k.to_string()
            };
            for s in [k.to_string(), lower] {
                if !covered(&s) {
                    missing.push(format!("rule {}: `{s}`", b.name));
                }
            }
        }
    }
    for k in rules::ASSIGNMENT_KEYWORDS
        .iter()
        .filter(|k| !rules::RUN_COVERED_KEYWORDS.contains(k))
    {
        for s in [k.to_string(), k.to_ascii_uppercase()] {
            if !covered(&s) {
                missing.push(format!("assignment keyword `{s}`"));
            }
        }
    }
    for k in rules::STRONG_KEYS
        .iter()
        .filter(|k| !rules::RUN_COVERED_KEYWORDS.contains(k))
    {
        if !covered(k) {
            missing.push(format!("strong key `{k}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "no block anchor for:\n{}",
        missing.join("\n")
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn block_filter_uses_simd_with_the_bundled_keys() {
    let keys: Vec<String> = rules::STRONG_KEYS.iter().map(|k| k.to_string()).collect();
    let (builtin, user) = block_anchors(&keys);
    let filter = BlockFilter::new(&builtin, &user);
    assert!(
        filter
            .parts
            .iter()
            .all(|(s, _)| matches!(s, Searcher::Packed(_)))
            || !std::is_x86_feature_detected!("ssse3")
    );
    // Few enough that the word search and one Teddy searcher (its
    // fastest, slim kind) take them all: two passes over every block.
    // Every anchor costs every block: raise the count only with a
    // measurement in docs/PERFORMANCE.md (`NET USE`, the 38th: 0.25%).
    assert!(builtin.len() <= 38, "{} built-in anchors", builtin.len());
    let alone = BlockFilter::new(&block_anchors(&[]).0, &[]);
    assert_eq!(alone.parts.len(), 2, "{} searchers", alone.parts.len());
}

#[test]
fn first_dirty_finds_the_first_byte_to_sanitize() {
    let clean = b"plain ascii\tline\nand another one with no controls";
    assert_eq!(first_dirty(clean), None);
    assert_eq!(gate::dirty_by_words(clean), None);
    for pos in 0..40 {
        for bad in [0x00u8, 0x07, 0x1b, 0x0d, 0x7f, 0x80, 0xc2, 0xff] {
            let mut v = vec![b'a'; 40];
            v[pos] = bad;
            if pos > 3 {
                v[pos - 2] = b'\n';
                v[pos - 3] = b'\t';
            }
            assert_eq!(first_dirty(&v), Some(pos), "byte {bad:#x} at {pos}");
            // The word-at-a-time path, for CPUs without AVX2.
            assert_eq!(
                gate::dirty_by_words(&v),
                Some(pos),
                "byte {bad:#x} at {pos}"
            );
        }
    }
}

#[test]
fn assignments_nested_in_other_values_are_found() {
    assert_eq!(
        r(r#"{"msg":"boot","detail":"OS_HTTP_SECRET=0bad0ae24334ffa31a79d9131948c48a","n":1}"#),
        r#"{"msg":"boot","detail":"OS_HTTP_SECRET=[REDACTED:secret-assignment]","n":1}"#
    );
    assert_eq!(
        r("msg='set password=hunter22 for bob'"),
        "msg='set password=[REDACTED:secret-assignment] for bob'"
    );
}

#[test]
fn keys_no_log_can_hold_are_named() {
    for fine in [
        "ACME_TOKEN",
        "x-api-key",
        "db.password",
        "SUPABASE_SERVICE_ROLE_KEY",
    ] {
        assert_eq!(key_problem(fine), None, "{fine}");
    }
    assert!(key_problem("").is_some_and(|p| p.contains("empty")));
    assert!(key_problem("  ").is_some_and(|p| p.contains("empty")));
    for (bad, says) in [
        ("CL\u{c9}_TOKEN", "'\u{c9}'"),
        ("client secret", "as `client_secret`"),
        ("api:key", "':'"),
        ("tok\u{1b}en", "'\\u{1b}'"),
    ] {
        let problem = key_problem(bad).unwrap_or_default();
        assert!(problem.contains(says), "{bad:?}: {problem}");
    }
}

#[test]
fn rules_that_would_erase_ordinary_text_are_named() {
    for p in [".*", "x?", "", r"\w+", "[a-z]", ".", r"\S+"] {
        assert!(pattern_problem(p).is_some(), "{p:?} accepted");
    }
    // A character or two cut out of every line: riddled, not erased.
    for (p, says) in [
        (r"\d", r#"would hide "1" inside ordinary text like "1""#),
        (r"\d+", r#"would hide "1""#),
        (r"\s", r#"would hide " ""#),
        ("[A-Z]", r#"would hide "I""#),
        (
            "n",
            r#"would hide "n" inside ordinary text like "incident""#,
        ),
        (":", r#"would hide ":""#),
        (r"\b(\w)\w*cident", r#"would hide "i""#),
    ] {
        let problem = pattern_problem(p).unwrap_or_default();
        assert!(
            problem.contains(says) && problem.contains("shorter than 4"),
            "{p:?}: {problem}"
        );
    }
    for p in [
        r"acme_[0-9a-f]{32}",
        r"(?i)acme-[0-9]{6}",
        r"ACME_TOKEN=(\S+)",
        // A rule that hides an internal name now and then is the user's call.
        r"web-\d+",
        r"\b\d{4}\b",
    ] {
        assert_eq!(pattern_problem(p), None, "{p:?} refused");
    }
}

#[test]
fn a_multi_line_key_behind_a_log_prefix_is_hidden_and_the_prefix_kept() {
    let red = Redactor::builtin();
    let mut s = Stream::default();
    let lines = [
        "app-1  | -----BEGIN PRIVATE KEY-----",
        "app-1  | MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        "app-1  | MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
        "app-1  | NvAfBQ==",
        "app-1  | -----END PRIVATE KEY-----",
        "app-1  | listening on :8080",
    ];
    let out: Vec<String> = lines
        .iter()
        .map(|l| red.clean_line(&mut s, l.as_bytes()))
        .collect();
    assert_eq!(
        out,
        [
            "app-1  | [REDACTED:private-key]",
            "app-1  | [REDACTED:private-key]",
            "app-1  | [REDACTED:private-key]",
            "app-1  | [REDACTED:private-key]",
            "app-1  | [REDACTED:private-key]",
            "app-1  | listening on :8080",
        ]
    );
    let mut s = Stream::default();
    let syslog = [
        "Dec  1 03:00:00 h app[1]: -----BEGIN RSA PRIVATE KEY-----",
        "Dec  1 03:00:00 h app[1]: uttopuNm/07bhE2rEaETEl9X2Q8fCg5EexziHkQlRk2Nj5FtwN3Pn2vf/puhKfQg",
        "Dec  1 03:00:01 h app[1]: -----END RSA PRIVATE KEY-----",
    ];
    for l in syslog {
        let o = red.clean_line(&mut s, l.as_bytes());
        assert!(
            o.starts_with("Dec  1 03:00:0") && o.ends_with("[REDACTED:private-key]"),
            "{o}"
        );
    }
}

/// What a fresh pair of eyes found on the first build, kept fixed.
#[test]
fn found_by_trying_it() {
    let hidden = [
        (
            "u:$6$rounds=656000$aYiPQjtWrMfp6s.p$BtNDagHmUbiLJ0RWg3j5QYhd/t7fH0l1s9LQ2Rb5m8KxoY3:1",
            "BtNDagHm",
        ),
        (
            "aws configure set aws_secret_access_key bP0VxNjAe/9i0mYtluYI0KN1gNT11cUzYZAa3u2o",
            "bP0VxNjAe",
        ),
        (
            "curl -udeploy:Bn2XtOUMo8Kl https://ci.example.com/",
            "Bn2XtOUMo8Kl",
        ),
        ("pwd=Xk2mPq9vLr", "Xk2mPq9vLr"),
        (
            "ghp_NqVwYS81VP7Hb1DX\u{200b}8pPd5khxA0Jk2wNq9ZLmR4tsY",
            "NqVwYS81VP7Hb1DX",
        ),
    ];
    let red = Redactor::builtin();
    for (line, secret) in hidden {
        let out = red.clean_line(&mut Stream::default(), line.as_bytes());
        assert!(!out.contains(secret), "{line:?} -> {out:?}");
    }
    let kept = [
        "auth_method=bearer token_expires_in=3600",
        "credential_source=env via bearer token_refresh_seconds=900",
        &format!("{{\"blob\":\"{}\"}}", "A".repeat(100)),
        "+ PREV=9fceb02d0ae598e95dc970b74767f19372d61af8",
        "+ SUM=d41d8cd98f00b204e9800998ecf8427e",
        "    password = getpass.getpass()",
        "    let password = env::var(\"PASSWORD\")?;",
        "PASSWORD=%(db_password)s",
        "PWD=/home/ops",
    ];
    for line in kept {
        assert_eq!(red.redact(line), line);
    }
}

#[test]
fn quoted_passwords_on_command_lines_are_hidden_whole() {
    let red = Redactor::builtin();
    for (line, secret) in [
        (
            "mysql -u root -p'Tr0ub4dorhorse' -e 'select 1'",
            "Tr0ub4dorhorse",
        ),
        ("mysql -u root -p\"Xq9#kLm2vB7\" app", "Xq9#kLm2vB7"),
        ("sshpass -p 'n0t a Pr0blem' ssh host", "a Pr0blem"),
        ("curl -u 'deploy:P4ss w0rd;x' https://h/", "w0rd;x"),
        ("docker login -u ci -p \"Hk3 9sLqVn2\" registry", "9sLqVn2"),
        (
            "vault-sync --password \"Hk3 9sLq-Vn2\" --path a",
            "9sLq-Vn2",
        ),
    ] {
        let out = red.clean_line(&mut Stream::default(), line.as_bytes());
        assert!(!out.contains(secret), "{line:?} -> {out:?}");
    }
}

#[test]
fn a_json_value_with_an_escaped_quote_is_hidden_whole() {
    assert_eq!(
        r(r#"{"password":"Xk2mPq9v\"Lr7wT","user":"bob"}"#),
        r#"{"password":"[REDACTED:secret-assignment]","user":"bob"}"#
    );
}

#[test]
fn more_framings_found_by_trying_it() {
    let red = Redactor::builtin();
    for (line, secret) in [
        (
            r#"{"m": "{\"body\": \"{\\\"api_key\\\": \\\"rHcriDnV3npjb5OQRLriFAx85aBASdGg\\\"}\"}"}"#,
            "rHcriDnV3npjb5OQ",
        ),
        (
            r#"{"name": "DB_PASSWORD", "value": "Ngj4vu3AbIgglT7YAY84"}"#,
            "Ngj4vu3AbIgglT7YAY84",
        ),
        (
            "machine api.example.com login bot password DDPZcvtuQ81x",
            "DDPZcvtuQ81x",
        ),
    ] {
        let out = red.clean_line(&mut Stream::default(), line.as_bytes());
        assert!(!out.contains(secret), "{line:?} -> {out:?}");
    }
    for kept in [
        r#"{"name": "LOG_LEVEL", "value": "debug"}"#,
        "machine learning password reset flow is slow",
    ] {
        assert_eq!(red.redact(kept), kept);
    }
}

/// The block scan hands each line's first anchor hits and first run to its
/// closer look (`Known`): every line of the secret corpus, the look-alikes
/// and lines thick with secret-ish words must come out of a block exactly
/// as they do one by one.
#[test]
fn block_cleaning_equals_line_by_line_on_the_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/secrets");
    let mut lines: Vec<String> = Vec::new();
    for name in ["positives.txt", "negatives.txt"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        lines.extend(
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(|l| l.replace(['⟦', '⟧'], "")),
        );
    }
    lines.extend([
        "auth failed: invalid token for user bob token_count=3 auth=ok".to_string(),
        r#"{"component":"auth","msg":"session started","session_id":834,"token":"Xk2mP9qL7wRt5vB3nZ8c","request_id":"fdbd69a9-c5bd-4cac-a86b-eafd2783c67b"}"#.to_string(),
        "cmd=\"mysql -u root -pS3cretPw -h db-1\" password=hunter2222 AKIAIOSFODNN7ABCDEFG".to_string(),
        "POST /api/v1/auth/token mongo ldap machine x login y smbclient -U a%b".to_string(),
        "token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB and again secret=abcdefgh123".to_string(),
    ]);
    let red = Redactor::builtin();
    let text = lines.join("\n") + "\n";
    let mut out = Vec::new();
    red.clean_lines(&mut Stream::default(), text.as_bytes(), &mut out, None);
    let mut s = Stream::default();
    let expected: String = lines
        .iter()
        .map(|l| red.clean_line(&mut s, l.as_bytes()) + "\n")
        .collect();
    let out = String::from_utf8(out).unwrap();
    for (got, want) in out.lines().zip(expected.lines()) {
        assert_eq!(got, want);
    }
    assert_eq!(out, expected);
}

/// Keys in the shapes and casings logs write them: each value is hidden,
/// the key and what follows kept (the strong-key shape filter and any
/// change to how keys are found must keep these).
#[test]
fn key_shapes_and_casings() {
    for (line, secret) in [
        ("Auth-Token: Xk2mPq9vLr7wT3nB", "Xk2mPq9vLr7wT3nB"),
        ("AUTH_TOKEN=Xk2mPq9vLr7w done", "Xk2mPq9vLr7w"),
        ("authToken=Xk2mPq9vLr7wT3nB done", "Xk2mPq9vLr7wT3nB"),
        ("app --password=Hk3x9sLqVn2 --path a", "Hk3x9sLqVn2"),
        ("app --password Hk3x9sLqVn2 --path a", "Hk3x9sLqVn2"),
        ("mysql -u root -pHk3x9sLqVn2 -h db", "Hk3x9sLqVn2"),
        (r#"{"m":"{\"password\":\"Hk3x9sLqVn2\"}"}"#, "Hk3x9sLqVn2"),
        ("Password = Hk3x9sLqVn2", "Hk3x9sLqVn2"),
        ("PASSWORD: Hk3x9sLqVn2", "Hk3x9sLqVn2"),
        ("db_password => 'Hk3x9sLqVn2'", "Hk3x9sLqVn2"),
        (
            "X-Vault-Token: s.aB3dE5gH7jK9mN1pQ2sT4vW6",
            "aB3dE5gH7jK9mN1p",
        ),
        (
            "proxy-authorization: Basic YWxpY2U6czNjcmV0",
            "YWxpY2U6czNjcmV0",
        ),
        (
            r#"<add key="ApiToken" value="Hk3x9sLqVn2" />"#,
            "Hk3x9sLqVn2",
        ),
        (
            r#"{"name": "API_TOKEN", "value": "Hk3x9sLqVn2"}"#,
            "Hk3x9sLqVn2",
        ),
        ("GITHUB_TOKEN=abc123", "abc123"),
        ("github_token: abc123", "abc123"),
    ] {
        let out = r(line);
        assert!(!out.contains(secret), "{line:?} -> {out:?}");
        assert!(out.contains("[REDACTED:"), "{line:?} -> {out:?}");
    }
    for kept in [
        "auth failed: invalid token for user bob",
        "session_id=834 token_count=3 auth=ok",
        "token_type=bearer password_min_length=12",
        "Authorization header rejected: expired",
        "GITHUB_TOKENS=3 GITHUB_TOKEN_TTL=3600",
    ] {
        assert_eq!(r(kept), kept);
    }
}

/// The strong-key shape filter never turns a strong key away.
#[test]
fn strong_key_shapes_hold_every_strong_key() {
    let red = Redactor::builder()
        .keys("acme-env", ["ACME_THING", "x"])
        .build()
        .unwrap();
    for k in red.strong_keys.keys() {
        for spelling in [k.clone(), k.to_ascii_lowercase()] {
            assert!(red.strong_key(&spelling).is_some(), "{spelling}");
        }
    }
    assert_eq!(red.strong_key("token_count"), None);
}

#[test]
fn a_quoted_key_of_several_words_is_judged_as_one() {
    let r = Redactor::builtin();
    let line = r#"{"pass word": "Hunter2Secret!x", "Client Secret": "q8W2zXr5Tt9PlkM3vN", "user name": "bob"}"#;
    let out = r.clean_text(line);
    assert!(!out.contains("Hunter2Secret"), "{out}");
    assert!(!out.contains("q8W2zXr5"), "{out}");
    assert!(out.contains(r#""user name": "bob""#), "{out}");
    // Prose with a colon is no key, quoted words around it or not.
    for prose in [
        "the password was wrong: retry later",
        r#"she said "reset the password" and left: fine"#,
    ] {
        assert_eq!(r.clean_text(prose), prose);
    }
}

#[test]
fn every_built_in_pattern_compiles() {
    // Built-in regexes compile on first use; this is where a bad one fails.
    let red = Redactor::builtin();
    for rule in &red.rules {
        assert!(
            regex::Regex::new(rule.regex.as_str()).is_ok(),
            "{}: {}",
            rule.name,
            rule.regex.as_str()
        );
        let _ = rule.regex.get();
        if let Some(each) = &rule.each {
            assert!(
                regex::Regex::new(each.as_str()).is_ok(),
                "{}'s list items: {}",
                rule.name,
                each.as_str()
            );
        }
    }
    assert!(red.rules.len() >= 40, "{} rules", red.rules.len());
    // Every list rule is a rule.
    for (name, _, _) in rules::EACH {
        assert!(
            red.rules
                .iter()
                .any(|r| r.name == *name && r.each.is_some()),
            "{name}"
        );
    }
}

#[test]
fn a_rule_whose_group_is_its_whole_match_finds_what_captures_find() {
    // Such rules skip the capture engine; the spans must not change.
    let red = Redactor::builtin();
    let whole: Vec<&str> = red
        .rules
        .iter()
        .filter(|r| r.regex.get().whole == Some(r.group))
        .map(|r| r.name.as_str())
        .collect();
    assert!(
        whole.contains(&"jwt") && whole.contains(&"private-key"),
        "{whole:?}"
    );
    assert!(!whole.contains(&"authorization-header"), "{whole:?}");
    let flagged = red
        .rules
        .iter()
        .find(|r| r.name == "cli-password-flag")
        .unwrap();
    assert_eq!(flagged.regex.get().whole, None);
    for rule in red
        .rules
        .iter()
        .filter(|r| r.regex.get().whole == Some(r.group))
    {
        let re = &rule.regex.get().regex;
        for ex in rule_examples(&rule.name) {
            let by_find: Vec<_> = re.find_iter(&ex).map(|m| m.range()).collect();
            let by_caps: Vec<_> = re
                .captures_iter(&ex)
                .filter_map(|c| c.get_group(rule.group).map(|m| m.range()))
                .collect();
            assert_eq!(by_find, by_caps, "{}: {ex}", rule.name);
        }
    }
}

/// Lines that hold a secret of `rule`'s kind, for checks of its regex.
fn rule_examples(rule: &str) -> Vec<String> {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln";
    match rule {
        "jwt" => vec![
            format!("Authorization: Bearer {jwt}"),
            format!("{jwt} and {jwt}.x"),
        ],
        "private-key" => vec![
            r#"{"key":"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"}"#.into(),
            "k=-----BEGIN OPENSSH PRIVATE KEY----- abc".into(),
        ],
        _ => Vec::new(),
    }
}

#[test]
fn a_secret_beside_a_marker_is_found_in_a_later_pass() {
    // The JWT's marker leaves `AKIA…` on its own: only then is it a key.
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln";
    let line = format!("creds {jwt}AKIAIOSFODNN7EXAMPLX end");
    let once = r(&line);
    assert!(!once.contains("eyJ"), "{once}");
    assert!(!once.contains("AKIA"), "{once}");
    assert_eq!(r(&once), once, "a second redaction changes nothing");
}

#[test]
fn a_key_after_a_secret_and_a_colon_is_a_key_in_every_pass() {
    // Glued to a word and a colon, `OS_HTTP_SECRET` reads as part of a
    // name; once the token before it is a marker it is a key, so the pass
    // after the marker must judge it (found by the idempotence property).
    let red = Redactor::builtin();
    settles(
        &red,
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB:OS_HTTP_SECRET=A",
        "[REDACTED:github-token]:OS_HTTP_SECRET=[REDACTED:secret-assignment]",
    );
    // A name of colon-separated words still names, not holds, a secret.
    settles(
        &red,
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-creds",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-creds",
    );
}

#[test]
fn clean_pieces_keep_unchanged_lines_as_input_and_cut_long_ones() {
    let red = Redactor::builder().max_line(40).build().unwrap();
    let long = "x".repeat(100);
    let text = format!(
        "plain one\nplain two\ntoken=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n{long}\nlast plain\ntail"
    );
    let mut pieces = Pieces::default();
    red.clean_pieces(&mut Stream::default(), text.as_bytes(), &mut pieces, None);
    let out: Vec<u8> = pieces.iter(text.as_bytes()).flatten().copied().collect();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.split('\n').collect();
    assert_eq!(lines[0], "plain one");
    assert_eq!(lines[1], "plain two");
    assert_eq!(lines[2], "token=[REDACTED:github-token]");
    assert!(
        lines[3].ends_with("bytes cut]") && lines[3].matches('x').count() < 100,
        "{}",
        lines[3]
    );
    assert_eq!(lines[4], "last plain");
    assert_eq!(
        lines[5], "tail",
        "the unterminated last line stays unterminated"
    );
    assert_eq!(lines.len(), 6);
    // The two plain lines before the secret are one piece of the input.
    assert_eq!(pieces.parts[0], Part::Input(0..20));
}

#[test]
fn a_token_ended_by_a_secret_after_its_padding_is_found_in_one_redaction() {
    // `Bearer …token=` is a bearer token only once the key that followed
    // its `=` is a marker: one redaction must already find both.
    let line = "Authorization: Bearer Authorization: Bearer AKIAIOSFODNN7ABCDEFGtoken=-----BEGIN PRIVATE KEY-----";
    let once = r(line);
    assert!(!once.contains("AKIA"), "{once}");
    assert_eq!(r(&once), once);
}

#[test]
fn a_key_of_two_words_is_judged_as_one() {
    for line in [
        r#"{"api key": "Zx81kQ0pLm27VbN4ty"}"#,
        r#"{"Api Key": "Zx81kQ0pLm27VbN4ty"}"#,
        r#"{"id": 3, "private key": "Zx81kQ0pLm27VbN4ty"}"#,
        "api key: Zx81kQ0pLm27VbN4ty",
    ] {
        assert!(!r(line).contains("Zx81kQ0pLm27VbN4ty"), "{line}");
    }
    for line in [
        // Prose, and keys whose words name no secret.
        "the api key: Zx81kQ0pLm27VbN4ty",
        r#"{"request id": "Zx81kQ0pLm27VbN4ty"}"#,
        r#"{"public key": "Zx81kQ0pLm27VbN4ty"}"#,
    ] {
        assert_eq!(r(line), line);
    }
}

/// The pattern of the first built-in rule named in `names`.
fn first_rule_pattern(names: &[&str]) -> Regex {
    let rule = rules::builtins()
        .into_iter()
        .find(|b| names.contains(&b.name))
        .expect("a rule of the list");
    Regex::new(rule.pattern).expect("compiles")
}

#[test]
fn a_spaced_token_rule_runs_only_where_a_long_token_could_follow() {
    // Wherever the rule's pattern matches from an occurrence of its
    // keyword, `spaced_token_follows` must say so.
    let regex = first_rule_pattern(rules::SPACED_TOKEN);
    let blanks = [" ", "  ", "\t", "", "\u{a0}", "\n "];
    let pieces = [
        " ", "abcdefgh", "abcdefgh", "0123", "=", "==", "-", ".", "/", "x", ",", "\"", "\u{e9}",
        ":", "_",
    ];
    let mut seed = 0x3c6e_f372_fe94_f82bu64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut matched, mut spared) = (0, 0);
    for _ in 0..20_000 {
        let mut tail = blanks[(next() % blanks.len() as u64) as usize].to_string();
        for _ in 0..(next() % 7) {
            tail.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        let text = format!("Bearer{tail}");
        let follows = spaced_token_follows(text.as_bytes(), "Bearer".len());
        if regex.find(&text).is_some_and(|m| m.start() == 0) {
            matched += 1;
            assert!(follows, "{text:?}");
        } else if !follows {
            spared += 1;
        }
    }
    assert!(
        matched > 100 && spared > 1000,
        "{matched} matched, {spared} spared"
    );
    // A busy log's key after the word: no regex, nothing changed.
    let line = "auth_method=bearer password_reset_requested=false job_id=QULtQdtE8eDM";
    assert!(!spaced_token_follows(line.as_bytes(), 18));
    assert_eq!(Redactor::builtin().redact(line), line);
    assert_eq!(
        Redactor::builtin().redact("sent Bearer aB3dE5gH7jK9mN1pQ2sT to the api"),
        "sent Bearer [REDACTED:bearer-token] to the api"
    );
}

#[test]
fn a_keyed_rule_runs_only_where_its_separator_could_follow() {
    // Wherever the rule's pattern matches from an occurrence of its
    // keyword, `separator_follows` must say so: it only spares the regex
    // the occurrences where it cannot match.
    let regex = first_rule_pattern(rules::KEYED);
    let pieces = [
        "\\", "\"", "'", " ", "\t", ":", "=", "x", "\u{a0}", "Basic ", "abcdefgh",
    ];
    // A seed advanced once per text too: advanced only per piece, it
    // stuck at the first multiple of seven and every later text was empty.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut matched = 0;
    for _ in 0..5000 {
        let mut tail = String::new();
        for _ in 0..next() % 7 {
            tail.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        tail.push_str("abcdefgh1");
        let text = format!("Authorization{tail}");
        if regex.find(&text).is_some_and(|m| m.start() == 0) {
            matched += 1;
            assert!(
                separator_follows(text.as_bytes(), "Authorization".len()),
                "{text:?}"
            );
        }
    }
    assert!(matched >= 500, "{matched} texts matched");
    // Prose: the regex never runs.
    let r = Redactor::builtin();
    assert_eq!(
        r.redact("Authorization header rejected: expired token"),
        "Authorization header rejected: expired token"
    );
    assert!(!separator_follows(b"Authorization header rejected", 13));
    assert!(separator_follows(b"authorization\\\": \\\"Basic", 13));
}

#[test]
fn a_named_rule_runs_only_where_its_name_can_end() {
    // Wherever the pattern matches with a keyword inside the name,
    // `name_end_follows` must hold just after that keyword.
    let regex = first_rule_pattern(rules::NAMED);
    let mut matched = 0;
    for name in ["", "_DB", ".x-1", " x", "$"] {
        for quote in ["\"", "", "'", "\\\""] {
            for blank in ["", " ", "\t", "\u{a0}", "\n"] {
                for comma in [",", ":", ";", ""] {
                    for value in [" \"value\": \"S3cret\"", "\"value\":\"x\"", " \"v\": 1"] {
                        let text = format!(
                            "{{\"name\": \"GITHUB_TOKEN{name}{quote}{blank}{comma}{value}}}"
                        );
                        if regex.is_match(&text) {
                            matched += 1;
                            assert!(name_end_follows(text.as_bytes(), 22), "{text:?}");
                        }
                    }
                }
            }
        }
    }
    assert!(matched >= 10, "{matched} texts matched");
    let r = Redactor::builtin();
    // `API_TOKEN` and a short value: only this rule finds it.
    let line = r#"{"name": "API_TOKEN", "value": "Hk3x9sLqVn2"}"#;
    assert!(!r.redact(line).contains("Hk3x9sLqVn2"), "{line}");
    assert!(!name_end_follows(br#""token_count": 1"#, 6));
    assert!(!name_end_follows(b"invalid token for bob", 13));
    assert!(name_end_follows(br#""GITHUB_TOKEN" ,"#, 13));
}

#[test]
fn a_named_rule_runs_only_where_a_name_opens_before_its_keyword() {
    // Wherever the pattern matches with the keyword inside the name,
    // `name_opens_before` must hold at the keyword's start.
    let regex = first_rule_pattern(rules::NAMED);
    let mut matched = 0;
    for key in [
        "\"name\"",
        "\"Name\"",
        "\"NAME\"",
        "name",
        "\"named\"",
        "\"nam\"",
    ] {
        for blank in ["", " ", "\t", "\u{a0}", "\n", "\u{2003} "] {
            for colon in [":", "=", ""] {
                for head in ["", "GITHUB_", "x.y-", " ", "$", "'"] {
                    let before = format!("{{{key}{blank}{colon}{blank}\"{head}");
                    let text = format!("{before}TOKEN\", \"value\": \"S3cret\"}}");
                    if regex.is_match(&text) {
                        matched += 1;
                        assert!(name_opens_before(text.as_bytes(), before.len()), "{text:?}");
                    }
                }
            }
        }
    }
    assert!(matched >= 20, "{matched} texts matched");
    // A quoted word followed by a comma is no name.
    let line = br#"{"component":"token","msg":"ok"}"#;
    assert!(name_end_follows(line, 19));
    assert!(!name_opens_before(line, 14));
    assert!(name_opens_before(br#"{"name" : "DB_PASSWORD""#, 14));
    assert!(!name_opens_before(br#"{"names": "DB_PASSWORD""#, 14));
    let r = Redactor::builtin();
    let line = r#"{"component":"token","name": "API_TOKEN", "value": "Hk3x9sLqVn2"}"#;
    assert!(!r.redact(line).contains("Hk3x9sLqVn2"), "{line}");
}

#[test]
fn a_few_user_anchors_join_a_built_in_searcher_where_no_hit_can_hide_another() {
    let filter = |user: &[&str]| {
        let user: Vec<String> = user.iter().map(|u| u.to_string()).collect();
        let (builtin, extra) = block_anchors(&user);
        let all: Vec<String> = builtin.iter().chain(&extra).cloned().collect();
        let f = BlockFilter::new(&builtin, &extra);
        // No searcher holds a user anchor and a built-in one that can
        // overlap: one hit would hide the other.
        for (_, ids) in &f.parts {
            for &u in ids.iter().filter(|&&i| i >= builtin.len()) {
                for &b in ids.iter().filter(|&&i| i < builtin.len()) {
                    assert!(!can_overlap(&all[u], &all[b]), "{} with {}", all[u], all[b]);
                }
            }
        }
        // Every anchor is searched exactly once.
        let mut seen: Vec<usize> = f.parts.iter().flat_map(|(_, ids)| ids.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..all.len()).collect::<Vec<_>>());
        f.parts.len()
    };
    let alone = filter(&[]);
    // The bundled playbooks' one uncovered key, in two spellings: joined.
    assert_eq!(filter(&["SUPABASE_SERVICE_ROLE_KEY"]), alone);
    // A key whose end is a built-in anchor's start (`mysql`, and `--user`
    // ends where it starts): never in one searcher with those, at the cost
    // of at most one more pass.
    assert!(filter(&["ROOT_MYS"]) <= alone + 1);
    // Many keys: a searcher of their own.
    assert_eq!(
        filter(&["ALPHA_KEY", "BRAVO_KEY", "CHARLIE_KEY"]),
        alone + 1
    );
    assert!(can_overlap("root_mys", "mysql"));
    assert!(can_overlap("mysql", "sql_x"));
    assert!(can_overlap("ab", "xaby"));
    assert!(!can_overlap("supabase_service_role_key", "mysql"));
}

#[test]
fn a_user_anchor_is_cut_so_that_no_built_in_anchor_moves_for_it() {
    let key = "SUPABASE_SERVICE_ROLE_KEY";
    let (builtin, user) = block_anchors(&[key.to_string()]);
    // `…ONTRIBSYS` ends with the key's first byte; its pieces overlap no
    // built-in anchor, and each is a piece of one spelling of the key.
    for u in &user {
        assert!(u.len() >= MIN_USER_ANCHOR, "{u}");
        assert!(key.contains(u.as_str()) || key.to_ascii_lowercase().contains(u.as_str()));
        assert!(!builtin.iter().any(|b| can_overlap(u, b)), "{u}");
    }
    // Two anchors, as before Capitalized words were looked for: the lower
    // one holds no word's first letter, so it finds both spellings.
    assert_eq!(user.len(), 2, "{user:?}");
    // So the searchers are those of no user anchor: the word search takes
    // ` -u`, and every Teddy searcher matches four bytes at each place.
    let all: Vec<String> = builtin.iter().chain(&user).cloned().collect();
    let with = BlockFilter::new(&builtin, &user);
    let alone = BlockFilter::new(&block_anchors(&[]).0, &[]);
    assert_eq!(with.parts[0].1, alone.parts[0].1);
    assert!(with.parts[0].1.iter().any(|&i| all[i] == " -u"));
    for (_, ids) in &with.parts[1..] {
        assert!(ids.iter().all(|&i| all[i].len() >= 4), "{ids:?}");
    }
    // A key no piece of which stands clear is kept whole.
    assert_eq!(apart_from("root_mys", &builtin), "root_mys");
    // And the key's value is still found, whatever the spelling.
    let red = Redactor::builder().keys("supabase", [key]).build().unwrap();
    hides_under(
        &red,
        "supabase",
        "abc",
        &[
            "SUPABASE_SERVICE_ROLE_KEY=abc",
            "export supabase_service_role_key=abc",
            "{\"SUPABASE_SERVICE_ROLE_KEY\": \"abc\"}",
            "Supabase_Service_Role_Key: abc",
        ],
    );
}

/// Each of `lines` comes out with `value` replaced by the marker of `rule`.
fn hides_under(red: &Redactor, rule: &str, value: &str, lines: &[&str]) {
    for line in lines {
        let out = red.clean_line(&mut Stream::default(), line.as_bytes());
        assert!(
            out.contains(&format!("[REDACTED:{rule}]")) && !out.contains(value),
            "{line}: {out}"
        );
    }
}

#[test]
fn a_user_key_is_found_in_capitalized_words_too() {
    // `X-Acme-Key: …` as an HTTP header writes it, `Acme_Cred=…` as some
    // config files do: short values, no built-in word to set them off.
    let red = Redactor::builder()
        .keys("acme", ["X-ACME-KEY", "ACME_CRED", "deploy_passphrase_v2"])
        .build()
        .unwrap();
    hides_under(
        &red,
        "acme",
        "abc123",
        &[
            "X-Acme-Key: abc123",
            "x-acme-key: abc123",
            "X-ACME-KEY: abc123",
            "export Acme_Cred=\"abc123\"",
            "acme_cred=abc123",
            "Deploy_Passphrase_V2 = abc123",
        ],
    );
    assert_eq!(capitalized("x-acme-key"), "X-Acme-Key");
    assert_eq!(capitalized("acme_cred2x"), "Acme_Cred2x");
    let (builtin, _) = block_anchors(&[]);
    // `upabase` ends where `ecret` could begin: the next longest.
    let piece = inner_piece("supabase_service_role_key", &builtin).unwrap_or_default();
    assert!(piece.len() >= MIN_USER_ANCHOR, "{piece}");
    assert!("Supabase_Service_Role_Key".contains(&piece), "{piece}");
    assert!(!builtin.iter().any(|b| can_overlap(&piece, b)), "{piece}");
    assert_eq!(inner_piece("acme_cred", &builtin).as_deref(), Some("cme_"));
    // No piece of four bytes without a word's first letter: none.
    assert_eq!(inner_piece("ab_cd", &builtin), None);
}

#[test]
fn a_user_key_with_a_character_of_several_bytes_builds() {
    // A playbook's key could not be loaded at all: checking it for
    // overlaps cut it inside `é`, and every console that read it panicked.
    assert!(can_overlap("xé", "éy"));
    assert!(!can_overlap("é", "e"));
    // The rule builds, and its other keys work. (A key is read as ASCII
    // key bytes, so the `é` key's own value is not found: a known gap.)
    let red = Redactor::builder()
        .keys("k", ["éSUPABASE_X_KEY", "PLAIN_X_KEY"])
        .build()
        .unwrap();
    let out = red.clean_line(&mut Stream::default(), b"PLAIN_X_KEY=abc");
    assert_eq!(out, "PLAIN_X_KEY=[REDACTED:k]");
}

/// One piece from each list of `choices`, in order, picked by a xorshift
/// generator seeded with `seed`: the same texts on every run.
fn one_of_each(choices: &[&[&str]], seed: &mut u64) -> String {
    let mut text = String::new();
    for options in choices {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        text.push_str(options[(*seed % options.len() as u64) as usize]);
    }
    text
}

#[test]
fn a_word_is_read_as_part_of_a_spaced_key_only_where_blanks_or_quotes_bound_it() {
    // `in_spaced_key` spares `spaced_quoted_key` the words it could never
    // read: wherever the latter finds a key, the former must say so.
    let choices: [&[&str]; 7] = [
        &["", "{", " ", "x", ","],
        &["\"", " ", "", "'"],
        &["pass", "Client", "-x", "a.b", "api"],
        &[" ", "  ", "_", "", "\t"],
        &["word", "Secret", "key", "9"],
        &["\"", " ", "", "\\\""],
        &[": \"S3cretValue9\"", "=abc", ":1", "", " : 'v'"],
    ];
    let mut seed = 0x6a09_e667_f3bc_c908u64;
    let mut found = 0;
    for _ in 0..20_000 {
        let text = one_of_each(&choices, &mut seed);
        let b = text.as_bytes();
        // Every maximal run of key bytes is a word the anchors could hit.
        let mut i = 0;
        while i < b.len() {
            if !is_key_byte(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && is_key_byte(b[i]) {
                i += 1;
            }
            let mut key_start = start;
            while key_start < i && !(b[key_start].is_ascii_alphabetic() || b[key_start] == b'_') {
                key_start += 1;
            }
            if key_start < i && spaced_quoted_key(b, key_start, i).is_some() {
                found += 1;
                assert!(in_spaced_key(b, start, i), "{text:?} at {start}..{i}");
            }
        }
    }
    assert!(found > 100, "only {found} spaced keys generated");
}

#[test]
fn a_key_is_judged_only_where_a_value_can_follow_it() {
    // `may_assign` spares the key's judgement where neither reader of a
    // value finds one: wherever one does, it must say a value can follow.
    let choices: [&[&str]; 5] = [
        &["", "{", " ", "x", "\"", "invalid "],
        &["token", "db_password", "auth", "Secret9"],
        &["", "\"", "\\\"", "\\\\\\\"", "'", "\\", " ", "  ", "\t"],
        &["", " ", "=", ":", "=>", "\t:", " = ", "x"],
        &[
            "",
            "\"S3cret\"",
            "'v a'",
            "S3cret",
            "\\\"v\\\"",
            " x",
            "\"",
            ",",
        ],
    ];
    let mut seed = 0xbb67_ae85_84ca_a73bu64;
    let (mut valued, mut prose) = (0, 0);
    for _ in 0..20_000 {
        let text = one_of_each(&choices, &mut seed);
        let b = text.as_bytes();
        for key_end in 1..=b.len() {
            if !is_key_byte(b[key_end - 1]) {
                continue;
            }
            let read = assigned_value(b, key_end).is_some()
                || (0..key_end).any(|ks| quoted_after_identifier(b, ks, key_end).is_some());
            if read {
                valued += 1;
                assert!(may_assign(b, key_end), "{text:?} at {key_end}");
            } else if !may_assign(b, key_end) {
                prose += 1;
            }
        }
    }
    assert!(
        valued > 1000 && prose > 1000,
        "{valued} valued, {prose} prose"
    );
}

#[test]
fn remembered_key_verdicts_belong_to_their_redactor() {
    // The memo is per thread and shared by every redactor on it: a key one
    // redactor holds strong must not be judged by another's verdict.
    let mine = Redactor::builder()
        .keys("acme", ["ACME_DEPLOY_HANDLE"])
        .build()
        .expect("builds");
    let plain = Redactor::builtin();
    let line = "ACME_DEPLOY_HANDLE=abc";
    for _ in 0..3 {
        assert!(
            mine.redact(line).contains("[REDACTED:acme]"),
            "{}",
            mine.redact(line)
        );
        assert_eq!(plain.redact(line), line);
    }
    // And the verdicts are the judgement's, whatever the memo holds.
    for key in [
        "token_count",
        "session_id",
        "auth",
        "auth_method",
        "request_id",
        "db_password",
        "API_KEY",
        "cache_key",
        "AWS_SECRET_ACCESS_KEY",
        "PWD",
        "x",
        "a_very_long_key_name_beyond_thirty_bytes",
    ] {
        for _ in 0..2 {
            assert_eq!(plain.key_verdict(key), plain.judge_key(key), "{key}");
            assert_eq!(mine.key_verdict(key), mine.judge_key(key), "{key}");
        }
    }
    // A few verdicts spelled out.
    for (key, want) in [
        ("token_count", KeyVerdict::Never),
        ("request_id", KeyVerdict::Never),
        (
            "db_password",
            KeyVerdict::Named {
                class: Strength::Strong,
                long: false,
            },
        ),
        (
            "auth",
            KeyVerdict::Named {
                class: Strength::Heuristic,
                long: true,
            },
        ),
    ] {
        assert_eq!(plain.key_verdict(key), want, "{key}");
    }
}

#[test]
fn a_block_dense_with_words_gets_the_same_hits_whichever_searcher_runs() {
    let (builtin, user) = block_anchors(&["SUPABASE_SERVICE_ROLE_KEY".to_string()]);
    let filter = BlockFilter::new(&builtin, &user);
    let dense = concat!(
        "{\"msg\":\"auth failed: invalid token\",\"token_count\":1,\"auth\":\"ok\"}\n",
        "ts=1 component=auth msg=\"password reset\" PASSWORD=x SECRET_KEY=y mysql -u root\n",
        "rabbitmqctl add_user ops Passw0rd; AWS_SECRET=z; smbclient //h/s -U bob%pw\n",
    );
    let sparse = "GET /index.html 200 1043 \"Mozilla/5.0\" request done in 12 ms\n";
    // One set of lists for every block, as the block path keeps them:
    // each block's hits only, whatever the last one left.
    let mut got = Vec::new();
    for text in [
        dense.repeat(200),
        sparse.repeat(200),
        dense.repeat(60) + &sparse.repeat(90),
        dense.repeat(3),
    ] {
        let block = text.as_bytes();
        filter.collect(block, &mut got);
        for ((searcher, ids), hits) in filter.parts.iter().zip(&got) {
            let mut want = Vec::new();
            searcher.each(block, |start, end, p| want.push((start, end, ids[p])));
            let got: Vec<_> = hits.iter().map(|h| (h.start, h.end, h.anchor)).collect();
            assert_eq!(got, want);
        }
    }
    // On a CPU with AVX2 the dense text is searched by `words`.
    #[cfg(target_arch = "x86_64")]
    assert_eq!(
        filter.dense.is_some(),
        std::is_x86_feature_detected!("avx2")
    );
}

/// What [`spaced_quoted_key`] reads, said another way: the quotes around
/// the word, what stands between them (word bytes, dots and one to three
/// blanks, none next to a quote, at most 41 bytes on each side), and a
/// value after the closing one.
fn spaced_quoted_key_said_plainly(
    b: &[u8],
    word_start: usize,
    word_end: usize,
) -> Option<(usize, usize, (usize, usize))> {
    let open = b[..word_start].iter().rposition(|&c| c == b'"')?;
    let close = word_end + b[word_end..].iter().position(|&c| c == b'"')?;
    let (before, after) = (&b[open + 1..word_start], &b[word_end..close]);
    let fits = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b' ');
    let blanks = before.iter().chain(after).filter(|&&c| c == b' ').count();
    let inside = &b[open + 1..close];
    (before.iter().chain(after).all(fits)
        && before.len() <= 41
        && after.len() <= 41
        && (1..=3).contains(&blanks)
        && inside.first() != Some(&b' ')
        && inside.last() != Some(&b' '))
    .then_some(())?;
    Some((open + 1, close, assigned_value(b, close)?))
}

#[test]
fn a_spaced_key_is_read_as_said_plainly() {
    // The closing quote is looked for first; keys of up to 41 bytes after
    // the word, prose, values and separators around it.
    let choices: [&[&str]; 8] = [
        &["", "{", "x", "\"msg\":", "a b c "],
        &["\"", " ", "", "\\\""],
        &["pass", "Client", "api", "auth"],
        &[" word", " Secret", "", " a.b", "  key"],
        &[
            "",
            " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            " y z",
        ],
        &["", "x", "xx", "xxx", "xxxxxxx"],
        &["\"", "\" ", "\\\"", "", ",", " \""],
        &[
            ": \"S3cretValue9\"",
            "=abc",
            ",\"k\":1",
            "",
            " = v",
            " failed: x",
        ],
    ];
    let mut seed = 0x3c6e_f372_fe94_f82bu64;
    let mut found = 0;
    for _ in 0..20_000 {
        let text = one_of_each(&choices, &mut seed);
        let b = text.as_bytes();
        for start in 0..b.len() {
            if !(b[start].is_ascii_alphabetic() || b[start] == b'_') {
                continue;
            }
            let mut end = start;
            while end < b.len() && is_key_byte(b[end]) {
                end += 1;
            }
            let want = spaced_quoted_key_said_plainly(b, start, end);
            assert_eq!(
                spaced_quoted_key(b, start, end),
                want,
                "{text:?} at {start}..{end}"
            );
            found += usize::from(want.is_some());
        }
    }
    assert!(found > 100, "only {found} spaced keys generated");
}

#[test]
fn ascii_lowercase_folds_eight_bytes_as_each_alone() {
    let mut seed = 0x510e_527f_ade6_82d1u64;
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Every byte value, and the edges of the letters, often.
        let edges = [
            b'@', b'A', b'Z', b'[', b'`', b'a', b'z', b'{', 0x7f, 0x80, 0xc1, 0xda, 0xff,
        ];
        let bytes = seed.to_le_bytes().map(|b| {
            if b & 1 == 0 {
                edges[usize::from(b >> 1) % edges.len()]
            } else {
                b
            }
        });
        let want = bytes.map(|b| b.to_ascii_lowercase());
        assert_eq!(
            ascii_lowercase(u64::from_le_bytes(bytes)),
            u64::from_le_bytes(want),
            "{bytes:?}"
        );
    }
}

#[test]
fn a_keyword_is_found_around_an_anchor_as_byte_by_byte() {
    let keywords = [
        "authorization",
        "-auth",
        "token\" value=",
        "x-vault-token",
        "helm registry login",
    ];
    let choices: [&[&str]; 5] = [
        &["", "x", "-", "X-VAULT-", "helm REGISTRY "],
        &[
            "Authorization",
            "AUTH",
            "auth",
            "Token\" VALUE=",
            "token\" value",
            "x-vault-token",
            "LOGIN",
        ],
        &["", "ization", "IZATION", "izatioN"],
        &["", ": x", "=", "\" value=", " y"],
        &["", "0123456789abcdef", "\u{e9}"],
    ];
    let mut seed = 0x9b05_688c_2b3e_6c1fu64;
    let mut found = 0;
    for _ in 0..5_000 {
        let text = one_of_each(&choices, &mut seed);
        let b = text.as_bytes();
        for kw in keywords {
            for (offset, anchor) in kw
                .match_indices("auth")
                .chain(kw.match_indices("oken"))
                .chain(kw.match_indices("login"))
            {
                let held = offset..offset + anchor.len();
                let k = KeywordAt::new(0, kw.to_string(), held, Follows::Anything);
                for start in 0..b.len() {
                    let want = start >= offset
                        && b.get(start - offset..start - offset + kw.len())
                            .is_some_and(|w| {
                                w.iter()
                                    .zip(kw.as_bytes())
                                    .all(|(a, k)| a.to_ascii_lowercase() == *k)
                            });
                    assert_eq!(k.at(b, start), want, "{kw:?} at {start} in {text:?}");
                    found += usize::from(want);
                }
            }
        }
    }
    assert!(found > 1000, "only {found}");
}

#[test]
fn the_builtin_run_anchors_let_hex_tails_and_quiet_keys_be_skipped() {
    let redactor = Redactor::builtin();
    // A built-in rule anchor made of hex digits and dashes that need not
    // follow a dash would make every UUID walked whole again.
    assert!(redactor.prefixes.skips_hex_tails());
    // One holding a byte that is not a run byte (`=`, `"`) would make
    // every key before a run walked again.
    assert!(redactor.prefixes.skips_quiet_keys());
}

/// Lines for [`block_cleaning_equals_line_by_line_at_any_density`]: plain
/// and keyword prose, keys, runs, secrets, dirty bytes, lines past the
/// length limit (60) with and without a keyword, a private key's lines.
const MIXED_LINES: &[&str] = &[
    "",
    "plain words only",
    "auth failed for bob",
    "token_count=3 auth=ok",
    "request_id=fdbd69a9-c5bd-4cac-a86b-eafd2783c67b",
    "token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
    "password=S3cr3t-Pa55",
    "bell\x07 auth",
    "caf\u{e9} token",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "auth yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
    "a long line of short plain words, well past the limit of sixty bytes",
    "-----BEGIN PRIVATE KEY-----",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    "-----END PRIVATE KEY-----",
];

proptest::proptest! {
    /// A block of mostly keyword lines is looked at line by line, one of
    /// mostly plain lines is copied in stretches: either way, the same
    /// as cleaning each line alone.
    #[test]
    fn block_cleaning_equals_line_by_line_at_any_density(
        picks in proptest::collection::vec(0..MIXED_LINES.len(), 1..150),
        plain in 0usize..8,
    ) {
        let red = Redactor::builder().max_line(60).build().unwrap();
        // `plain` plain lines after each pick: from dense to sparse.
        let text: String = picks
            .iter()
            .map(|&i| format!("{}\n{}", MIXED_LINES[i], "plain words only\n".repeat(plain)))
            .collect();
        let (block, lines) = block_and_lines(&red, &text);
        proptest::prop_assert_eq!(block, lines);
    }

    #[test]
    fn names_code_is_the_four_searches_it_replaces(t in "[a-zA-Z:%()_ ]{0,24}") {
        let searched = t.contains("::")
            || t.contains("%(")
            || contains_ignore_case(&t, "environ")
            || contains_ignore_case(&t, "getenv");
        proptest::prop_assert_eq!(names_code(&t), searched);
    }

    #[test]
    fn entropy_is_the_sum_over_every_byte_value(v in "[a-f0-9A-Z_+/=-]{1,80}") {
        // The plain sum over all 256 byte values, in order.
        let n = v.len() as f64;
        let plain: f64 = (0..=255u8)
            .map(|b| v.bytes().filter(|&c| c == b).count())
            .filter(|&c| c > 0)
            .map(|c| -(c as f64 / n) * (c as f64 / n).log2())
            .sum();
        proptest::prop_assert_eq!(entropy(&v).to_bits(), plain.to_bits());
    }

    #[test]
    fn is_identifier_reads_each_piece_as_split_does(v in "[a-z0-9A-Z_./:-]{0,30}") {
        let split = v.split(['-', '_', '.', '/', ':']).all(|seg| {
            let letters = seg.bytes().take_while(u8::is_ascii_lowercase).count();
            seg.len() <= 12 && seg[letters..].bytes().all(|c| c.is_ascii_digit())
        });
        proptest::prop_assert_eq!(is_identifier(&v), split);
    }
}

#[test]
fn names_code_finds_each_kind_of_code() {
    for code in ["env::var", "%(pw)s", "os.ENVIRON['X']", "os.GetEnv('X')"] {
        assert!(names_code(code), "{code}");
    }
    for plain in ["env:var", "50% (x)", "enviro", "geten"] {
        assert!(!names_code(plain), "{plain}");
    }
}

/// Each line of `cleaned` comes out as given, and each of `kept` unchanged.
fn cleans(cleaned: &[(&str, &str)], kept: &[&str]) {
    for (line, expected) in cleaned {
        assert_eq!(r(line), *expected, "{line}");
    }
    for line in kept {
        assert_eq!(r(line), *line);
    }
}

#[test]
fn an_xml_element_named_for_a_secret_is_a_key() {
    cleans(
        &[
            (
                "<password>Zx9kLmQ2</password>",
                "<password>[REDACTED:secret-assignment]</password>",
            ),
            (
                "body: <login><db:Password>S3cret!</db:Password></login>",
                "body: <login><db:Password>[REDACTED:secret-assignment]</db:Password></login>",
            ),
            (
                "<ClientSecret>aB3dE5gH7jK9mN1pQ2sT</ClientSecret>",
                "<ClientSecret>[REDACTED:secret-assignment]</ClientSecret>",
            ),
            // A token a listing hands out is still a token when its name
            // says so.
            (
                "fb_page_access_token=EAACvtrZgGfiLAp606CFzsGk5AvskVuhsigjCaiDJBJT",
                "fb_page_access_token=[REDACTED:secret-assignment]",
            ),
        ],
        // Empty, a placeholder, an unclosed start tag, a name that holds
        // no secret, and a listing's place (`NextToken`, in XML or JSON).
        &[
            "<password/>",
            "<password></password>",
            "<password>${DB_PASSWORD}</password>",
            "<password>",
            "<passwordPolicy>strict</passwordPolicy>",
            "<token_type>Bearer</token_type>",
            "<NextToken>eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==</NextToken>",
            r#"{"nextPageToken": "CkQKPgoFZW1haWwSNQozMTIzNDU2Nzg5MDEyMzQ1Njc4OTAx"}"#,
        ],
    );
}

#[test]
fn a_password_given_in_sql_is_hidden() {
    cleans(
        &[
            (
                "LOG:  statement: ALTER ROLE app WITH PASSWORD 'S3cret-x';",
                "LOG:  statement: ALTER ROLE app WITH PASSWORD '[REDACTED:secret-assignment]';",
            ),
            (
                r#"+ mysql -e "CREATE USER 'bob'@'%' IDENTIFIED BY 'S3cret';""#,
                r#"+ mysql -e "CREATE USER 'bob'@'%' IDENTIFIED BY '[REDACTED:sql-password]';""#,
            ),
            (
                "mysql> SET PASSWORD FOR 'bob'@'%' = 'S3cret';",
                "mysql> SET PASSWORD FOR 'bob'@'%' = '[REDACTED:sql-password]';",
            ),
        ],
        &[
            "ALTER ROLE app WITH PASSWORD NULL;",
            "mysql> ALTER USER 'app'@'localhost' IDENTIFIED WITH auth_socket;",
            "mysqld: session for user bob identified by public key",
        ],
    );
}

#[test]
fn every_literal_of_a_kubernetes_secret_is_hidden() {
    // Seven: more than the passes a line gets, so all in one.
    let values = [
        "Aq1xxxxx", "Bq2xxxxx", "'Cq3 xx'", "Dq4xxxxx", "Eq5xxxxx", "Fq6xxxxx", "Gq7xxxxx",
    ];
    let line = |v: &dyn Fn(usize, &str) -> String| {
        let literals: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, x)| format!("--from-literal=k{i}={}", v(i, x)))
            .collect();
        format!(
            "+ kubectl create secret generic app {} -n prod",
            literals.join(" ")
        )
    };
    let input = line(&|_, x| x.to_string());
    let expected = line(&|_, x| {
        let m = "[REDACTED:kubernetes-secret-literal]";
        if x.starts_with('\'') {
            format!("'{m}'")
        } else {
            m.to_string()
        }
    });
    assert_eq!(r(&input), expected);
    let configmap = "+ kubectl create configmap app --from-literal=LOG_LEVEL=debug";
    assert_eq!(r(configmap), configmap);
}

#[test]
fn rotation_commands_hide_the_new_value() {
    cleans(
        &[
            (
                "+ gh secret set PROXY_JWT_SECRET --body Zx9kLmQ2vR7t",
                "+ gh secret set PROXY_JWT_SECRET --body [REDACTED:secret-store-write]",
            ),
            (
                "+ aws secretsmanager put-secret-value --secret-id prod/db --secret-string '{\"password\":\"x1\"}'",
                "+ aws secretsmanager put-secret-value --secret-id prod/db --secret-string '[REDACTED:secret-store-write]'",
            ),
            (
                "+ echo 'deploy:Zx9kLmQ2' | chpasswd",
                "+ echo 'deploy:[REDACTED:cli-password-flag]' | chpasswd",
            ),
        ],
        &[
            "+ gh secret set PROXY_JWT_SECRET < /run/secrets/new",
            "+ aws secretsmanager put-secret-value --secret-id prod/db --secret-string file://new.json",
            "+ echo done | passwd",
        ],
    );
}

/// `fly secrets set` and `doppler secrets set` store every value given:
/// each one is redacted whatever its key, and the keys and flags stay.
#[test]
fn every_value_a_secrets_set_writes_is_redacted() {
    assert_eq!(
        r("+ fly secrets set A_URL=FAKEa1b2c3 B=\"FAKE d4 e5\" C='FAKEf6' --app api"),
        "+ fly secrets set A_URL=[REDACTED:secret-store-write] \
         B=\"[REDACTED:secret-store-write]\" C='[REDACTED:secret-store-write]' --app api"
    );
    assert_eq!(
        r("+ doppler secrets set --project api K1=FAKEk1v1 K2=FAKEk2v2"),
        "+ doppler secrets set --project api K1=[REDACTED:secret-store-write] \
         K2=[REDACTED:secret-store-write]"
    );
    // Read from a variable or asked for: nothing written here.
    for quiet in [
        "+ fly secrets set K=$NEW_K --app api",
        "+ doppler secrets set K",
        "fly secrets list",
    ] {
        assert_eq!(r(quiet), quiet);
    }
}

#[test]
fn every_item_of_a_list_of_secrets_is_hidden() {
    let red = Redactor::builtin();
    let (a, b) = ("Xk2mP9qL7wRt5vB3nZ8cQ", "Yk2mP9qL7wRt5vB3nZ8cR");
    for line in [
        format!(r#"{{"api_keys": ["{a}", "{b}"]}}"#),
        format!(r#"{{\"api_keys\": [\"{a}\", \"{b}\"]}}"#),
        format!("api_keys: [{a}, {b}]"),
        format!("client_secrets=['{a}','{b}']"),
        format!(r#"access_tokens = ["{a}", "{b}"]"#),
        format!("api_keys={a}"),
    ] {
        let out = red.redact(&line);
        assert!(!out.contains(a) && !out.contains(b), "{line} -> {out}");
        assert!(out.contains("[REDACTED:"), "{out}");
    }
    // Counts, flags, ids, stand-ins and lists of things that are no
    // secret stay as they are.
    for kept in [
        r#"{"max_tokens": 4096, "prompt_tokens": 17, "sort_keys": true}"#.to_string(),
        format!(r#"{{"keys": ["{a}"], "scopes": ["read", "write"]}}"#),
        r#""request_ids": ["fdbd69a9-c5bd-4cac-a86b-eafd2783c67b"]"#.to_string(),
        "password=[FILTERED] token=[REDACTED] secrets: [HIDDEN]".to_string(),
        "tokens: [12, 40] api_keys: []".to_string(),
        format!("a,b,{a}"),
    ] {
        assert_eq!(red.redact(&kept), kept);
    }
}

#[test]
fn a_pw_key_hides_a_value_that_looks_like_a_password() {
    let red = Redactor::builtin();
    let secret = "Xk2mP9qL7wRt5vB3nZ8cQ";
    for line in [
        format!("db_pw={secret}"),
        format!(r#"{{"smtp_pw": "{secret}"}}"#),
    ] {
        let out = red.redact(&line);
        assert!(!out.contains(secret), "{out}");
    }
    let kept = "pw_state=on pw_level=3 pw=ok";
    assert_eq!(red.redact(kept), kept);
}

/// Kubernetes' `env` and pretty-printed JSON give a variable's name on
/// one line and its value on the next.
#[test]
fn a_value_on_the_line_after_a_secrets_name_is_hidden() {
    let red = Redactor::builtin();
    let text = "        - name: DB_PASSWORD\n          value: Hunter2Secret99\n        - name: LOG_LEVEL\n          value: debug\n  {\n    \"name\": \"GITHUB_TOKEN\",\n    \"value\": \"Xk2mP9qL7wRt5vB3nZ8cQwErTy\",\n  }\n- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: db}}\n  value: Hunter2Secret99\n";
    let want = "        - name: DB_PASSWORD\n          value: [REDACTED:secret-assignment]\n        - name: LOG_LEVEL\n          value: debug\n  {\n    \"name\": \"GITHUB_TOKEN\",\n    \"value\": \"[REDACTED:secret-assignment]\",\n  }\n- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: db}}\n  value: Hunter2Secret99\n";
    // Line by line, as a tail or the console reads.
    let mut s = Stream::default();
    let by_line: String = text
        .lines()
        .map(|l| red.clean_line(&mut s, l.as_bytes()) + "\n")
        .collect();
    assert_eq!(by_line, want);
    // In blocks, split between a name and its value.
    let cut = text.find("          value: Hunter2").unwrap();
    let mut s = Stream::default();
    let mut out = Vec::new();
    red.clean_lines(&mut s, &text.as_bytes()[..cut], &mut out, None);
    assert!(s.in_block(), "a name waits for its value");
    red.clean_lines(&mut s, &text.as_bytes()[cut..], &mut out, None);
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

/// Spans of a located rule as `find` takes them (the reader, else the
/// engine at that match) and as the capture engine gives them.
fn located_and_captured(
    rule: &Rule,
    text: &str,
) -> (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
    let re = &rule.regex.get().regex;
    let locate = rule.locate.expect("a located rule");
    let by_reader = re
        .find_iter(text)
        .filter_map(|m| match locate(&text[m.range()]) {
            Some(r) => Some(m.start() + r.start..m.start() + r.end),
            None => captures_at(re, text, m.start())
                .and_then(|c| first_group(&c, rule.group))
                .map(|g| g.range()),
        })
        .collect();
    let by_caps = re
        .captures_iter(text)
        .filter_map(|c| first_group(&c, rule.group).map(|g| g.range()))
        .collect();
    (by_reader, by_caps)
}

fn located_rules(red: &Redactor) -> Vec<&Rule> {
    red.rules.iter().filter(|r| r.locate.is_some()).collect()
}

#[test]
fn every_reader_belongs_to_one_plain_rule() {
    let red = Redactor::builtin();
    for (name, keyword, _) in locate::LOCATE {
        let rules: Vec<&Rule> = red
            .rules
            .iter()
            .filter(|r| r.name == *name && r.locate.is_some())
            .collect();
        let readers = locate::LOCATE.iter().filter(|(n, _, _)| n == name).count();
        assert_eq!(rules.len(), readers, "{name} {keyword}");
        for rule in rules {
            // Lists and named values need the engine's groups.
            assert!(rule.each.is_none() && !rule.named, "{name}");
            assert!(rule.group > 0 && rule.first_group, "{name}");
        }
    }
    assert_eq!(located_rules(&red).len(), locate::LOCATE.len());
}

#[test]
fn readers_find_what_captures_find_on_the_corpus() {
    let red = Redactor::builtin();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut lines: Vec<String> = Vec::new();
    for dir in ["redact", "secrets"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                lines.extend(text.lines().map(|l| l.replace(['⟦', '⟧'], "")));
            }
        }
    }
    assert!(lines.len() > 5000, "{} lines", lines.len());
    let mut matched = vec![0usize; locate::LOCATE.len()];
    for line in &lines {
        for (i, rule) in located_rules(&red).into_iter().enumerate() {
            let (reader, caps) = located_and_captured(rule, line);
            assert_eq!(reader, caps, "{}: {line}", rule.name);
            matched[i] += caps.len();
        }
    }
    // Each reader was tried on real matches, not only on misses.
    assert!(matched.iter().all(|&n| n >= 3), "{matched:?}");
}

#[test]
fn readers_find_what_captures_find_on_edge_cases() {
    let red = Redactor::builtin();
    let long = "aB3dE5gH7jK9mN1pQ2sT";
    let cases = [
        format!("Authorization: Bearer {long}"),
        format!("authorization=\\\"Basic {long}\\\""),
        format!("AUTHORIZATION\\\": \\\"{long}"),
        format!("authorization: Bearer abc {long}"),
        "Authorization: Bearer abc".to_string(),
        format!("Authorization:Bearer\t{long},x"),
        format!("authorization = token-x {long};"),
        format!("Authorization: Bearer\u{a0}{long}"),
        format!("Authorization: \u{212a}ey {long}"),
        format!("bearer {long}=="),
        format!("Bearer {long}==x"),
        format!("Bearer {long}\u{212a}"),
        format!("bearer\u{a0}{long}\""),
        format!("BEARER  {long}é"),
        "postgres://u:p@ss:w@rd@db/x".to_string(),
        format!("x://:only@h redis://user:{long}@h:6379"),
        format!("h=$6$rounds=5000${long}{long} é$2b$10${long}{long}"),
        format!("mysql -u root -p'{long} x' -h db"),
        format!("MySQL -u r -P\"{long}\""),
        format!("mysql -u root -p{long}) -pé{long}"),
        format!("mysql --user=x -p{long}\u{a0}-p{long}"),
        format!("mysql -p\u{a0}-p{long}"),
        format!("redis-cli -h c -a '{long}' --pass {long}"),
        format!("redis-cli -a\t{long}"),
        format!("redis-cli --askpass \"a b\" -a {long}\u{2003}x"),
    ];
    for line in &cases {
        for rule in located_rules(&red) {
            let (reader, caps) = located_and_captured(rule, line);
            assert_eq!(reader, caps, "{}: {line}", rule.name);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// Lines built from the pieces these patterns turn on: keywords,
    /// separators, quotes, blanks of both kinds, case-folded letters.
    #[test]
    fn readers_find_what_captures_find_on_generated_lines(
        parts in proptest::collection::vec(
            proptest::sample::select(&[
                "Authorization", "authorization", "Bearer ", "bearer", "Basic", "token-x",
                "mysql ", "redis-cli ", "-p", "-P", "-a ", "--pass ", "://", "postgres://u:",
                "$6$", "$2b$10$", "pbkdf2_sha256$", "SCRAM-SHA-256$4096:", "$", "@", ":", "=", "\\", "\"", "'", ",", ";", ")", " ",
                "\t", "\u{a0}", "\u{212a}", "\u{17f}", "é", "aB3dE5gH7j", "K9mN1pQ2sT4v", "==",
                "/", ".", "_", "-", "x", "\n",
            ][..]),
            0..24,
        )
    ) {
        static RED: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
        let red = RED.get_or_init(Redactor::builtin);
        let line: String = parts.concat();
        for rule in located_rules(red) {
            let (reader, caps) = located_and_captured(rule, &line);
            proptest::prop_assert_eq!(reader, caps, "{}: {:?}", rule.name, line);
        }
    }
}

#[test]
fn windows_variables_are_stand_ins() {
    for v in ["%DB_PASSWORD%", "%pw%", "$env:DB_PASSWORD", "$ENV:Token1"] {
        assert!(is_placeholder(v), "{v}");
    }
    // A value that only starts or ends like one, or holds other bytes.
    for v in [
        "%FAKEq8v%Lm2p",
        "%%",
        "%DB-PASSWORD%",
        "$env:",
        "$env:a-b",
        "x%PW%",
    ] {
        assert!(!windows_variable(v), "{v}");
    }
}

/// Every probe tried at once must pass exactly the keywords the one-by-one
/// loop passes: the same hits fire the same rules either way.
#[test]
fn probes_at_once_agree_with_probes_one_by_one() {
    let red = Redactor::builtin();
    let pieces = [
        "password",
        "PASSWORD",
        "Passwd",
        "requirepass",
        "masterauth",
        "auth",
        "\"auth\"",
        " \"AUTH\" ",
        "token",
        "secret",
        "sshpass",
        "htpasswd",
        "--password-stdin",
        "pass:",
        ":",
        "=",
        "\"",
        " ",
        "-",
        "x",
        "@",
        "`",
        "\\",
        "]",
        "> ",
        "\u{e9}",
    ];
    // A fixed sequence, so a failure is the same on every run.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    let mut compared = 0;
    for _ in 0..3000 {
        let text: String = (0..12).map(|_| pieces[next(pieces.len())]).collect();
        let b = text.as_bytes();
        for keywords in &red.anchor_rules {
            let Some(lanes) = &keywords.lanes else {
                continue;
            };
            for start in 0..b.len() {
                let one_by_one = keywords
                    .probes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &(at, byte))| {
                        b.get(start.wrapping_add_signed(at))
                            .is_some_and(|&t| t | 0x20 == byte)
                    })
                    .fold(0u32, |bits, (i, _)| bits | 1 << i);
                if let Some(at_once) = lanes.passing(b, start) {
                    assert_eq!(at_once, one_by_one, "{text:?} at {start}");
                    compared += 1;
                }
            }
        }
    }
    // The busiest anchors have enough keywords to be tried at once.
    assert!(!ssse3() || compared > 100_000, "{compared}");
}

#[test]
fn audit_hex_arguments_are_read_only_after_their_keys() {
    let at = |line: &str| {
        let b = line.as_bytes();
        let start = line.find('=').expect("a key") + 1;
        audit_key(b, start, &word_before(b, start)) && audit_hex(&b[start..])
    };
    assert!(at("proctitle=6D7973716C00"));
    assert!(at("a12=2D7053"));
    assert!(!at("a2=2d7053"), "auditd writes capitals");
    assert!(!at("a2=2D705"), "an odd number of digits");
    assert!(!at("job_id=2D7053"));
    assert!(!at("data=6D7973716C00"));
    assert_eq!(decode_hex_text(b"6D79730071"), Some("mys q".to_string()));
    assert_eq!(decode_hex_text(b"1B5B3331"), None, "a control byte");
    assert_eq!(decode_hex_text(b"FF41"), None, "not UTF-8");
}

#[test]
fn the_value_reader_and_the_rules_take_the_same_shell_escapes() {
    let esc = regex::Regex::new(&format!("^{}$", rules::ESC)).expect("compiles");
    for c in 0u8..=127 {
        let escaped = format!("\\{}", c as char);
        assert_eq!(esc.is_match(&escaped), shell_escaped(c), "{escaped:?}");
    }
}

#[test]
fn a_random_judge_wants_a_generated_value_not_a_name() {
    // Generated: long, mixed, high entropy.
    assert!(judge(Judge::Random, "Q7wK3jd9Zx2LmPv8Rt4N"));
    assert!(judge(Judge::Random, "3f2a9c7e1b4d4e6f8a0b2c4d6e8f0a1b"));
    // Names with an empty password: words and numbers, or too plain.
    assert!(!judge(Judge::Random, "release_manager_2024"));
    assert!(!judge(Judge::Random, "deploy-bot-service-account"));
    assert!(!judge(Judge::Random, "admin"));
    assert!(!judge(Judge::Random, "aaaaaaaaaaaaaaaaaaaaaaaa"));
}

#[test]
fn a_marker_after_a_padded_token_exposes_it() {
    // `Bearer …==` is a token only where neither a token byte nor `=`
    // follows: the GitHub token glued to its padding hides it until that
    // token is a marker.
    let r = Redactor::builtin();
    let line = "sent Bearer Xk2mQ9vLw3Rt7ZpB4nHs==ghp_aB3dE5gH7jK9mN1pQ2sT4vW6yZ8cF0aB3dE5";
    let once = r.redact(line).into_owned();
    assert_eq!(
        once,
        "sent Bearer [REDACTED:bearer-token][REDACTED:github-token]"
    );
    assert_eq!(r.redact(&once), once);
    assert!(ends_padded_token(b"Bearer Xk2mQ9vLw3Rt7ZpB4nHs=="));
    assert!(!ends_padded_token(b"Bearer Xk2mQ9vLw3Rt7ZpB4nHs"));
    assert!(!ends_padded_token(b"Bearer Xk2mQ9vLw3R=="));
    // The usual `key=` before a value is not such a token.
    assert!(!ends_padded_token(b"password="));
    assert!(!exposes(b"password=S3cretValue1 ok", 9, 21));
}

#[test]
fn a_literal_a_rule_also_needs_counts_outside_markers_only() {
    let r = Redactor::builtin();
    let sql = r
        .rules
        .iter()
        .find(|rule| rule.name == "sql-password" && !rule.also_needs.is_empty())
        .expect("the sql-password rule needs a literal");
    // The marker's name says `password`; the line does not.
    assert!(!r.also_found(sql, b"mysql -u root -p[REDACTED:cli-password-flag] -h db"));
    assert!(r.also_found(
        sql,
        b"mysql -u root -p[REDACTED:cli-password-flag] # password"
    ));
    assert!(r.also_found(sql, b"CREATE USER bob IDENTIFIED BY 'S3cret'"));
    let line =
        "mysql> CREATE USER bob IDENTIFIED BY 'Xk2m9sLqVn2'; -- [REDACTED:cli-password-flag]";
    assert!(!r.redact(line).contains("Xk2m9sLqVn2"));
}

#[test]
fn a_user_password_rule_runs_only_where_its_argument_holds_a_separator() {
    // Wherever such a rule's pattern matches from an occurrence of one of
    // its keywords, `user_password_follows` must hold just after it: it
    // only spares the regex the `-u root` of every mysql command line.
    let regexes: Vec<Regex> = rules::builtins()
        .into_iter()
        .filter(|b| b.after_keyword == Some(rules::AfterKeyword::UserPassword))
        .map(|b| Regex::new(b.pattern).expect("compiles"))
        .collect();
    assert_eq!(regexes.len(), 2);
    let pieces = [
        " ", "\t", "=", "'", "\"", ":", ",", "bob", "x y", "S3cret!", "\u{a0}", "/", "\\", "[", "$",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut matched = 0;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let mut tail = String::new();
        for _ in 0..next() % 8 {
            tail.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        tail.push_str("abcdefghijklmnopqrstuvwx1");
        // The keyword's end in each text: ` -u` in a command, and the
        // blank or `=` that ends `--user`.
        for (head, keyword_end) in [
            (" -u", 3),
            ("curl -u", 7),
            ("lftp -u", 7),
            ("curl --user", 11),
        ] {
            let text = format!("{head}{tail}");
            let from_keyword = regexes
                .iter()
                .any(|r| r.find(&text).is_some_and(|m| m.start() == 0));
            let keyword = !head.ends_with("--user") || tail.starts_with([' ', '=']);
            let end = keyword_end + usize::from(head.ends_with("--user"));
            if from_keyword && keyword {
                matched += 1;
                assert!(user_password_follows(text.as_bytes(), end), "{text:?}");
            }
        }
    }
    assert!(matched >= 500, "{matched} texts matched");
    assert!(!user_password_follows(b" -u root -pS3cret -h db", 3));
    assert!(!user_password_follows(b" -u 'bob' -p", 3));
    assert!(user_password_follows(b" -u 'bob smith,S3cret' x", 3));
    let r = Redactor::builtin();
    let line = "curl -fsS -u deploy:Xk2m9sLqVn2 https://host/";
    assert!(!r.redact(line).contains("Xk2m9sLqVn2"), "{line}");
}

#[test]
fn a_rule_that_needs_words_in_its_line_runs_only_where_they_are() {
    // Wherever such a rule's pattern matches, its `LineNeeds` must hold
    // on the line: it only spares the regex lines that cannot match
    // (`redis-cli -a …` beside `"auth":"ok"`, `mysql -u root`).
    let rules: Vec<(Regex, LineNeeds, &str)> = rules::builtins()
        .into_iter()
        .filter_map(|b| {
            let needs = LineNeeds::new(b.line_needs?);
            Some((
                Regex::new(b.pattern).expect("compiles"),
                needs,
                b.keywords[0],
            ))
        })
        .collect();
    assert_eq!(rules.len(), 2);
    let pieces = [
        " ",
        "  ",
        "\t",
        "\"",
        "\\\"",
        "'",
        "=",
        ":",
        ";",
        "x",
        "S3cret",
        "bob",
        "-h",
        "db",
        "-a",
        "auth",
        "AUTH",
        "Auth",
        "auth_method",
        "\"auth\"",
        "\\\"auth\\\"",
        "redis-cli",
        "a0=\"redis-cli\"",
        " a1=\"auth\"",
        " a2=\"pw\"",
        " a1=auth",
        " a2=pw",
        "127.0.0.1:6379>",
        "[0 10.0.0.1:5555] ",
        "psexec",
        "PsExec64",
        "nxc",
        "evil-winrm",
        "CrackMapExec",
        ".exe",
        " -u",
        " -p",
        "admin",
        "\\\\host",
        "\u{a0}",
        "\u{212a}",
        "\"AUTH\" \"S3cret\"",
        "\\\"auth\\\" \\\"S3cret\\\"",
        "\"hello\" \"3\" ",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Each text starts where a match could: a command, a record or a
    // prompt (or nothing).
    let heads = [
        "",
        "redis-cli ",
        "a0=\"redis-cli\"",
        "a0=redis-cli",
        "127.0.0.1:6379> ",
        "[0 10.0.0.1:5555] ",
        "psexec ",
        "nxc smb ",
    ];
    let mut matched = vec![0; rules.len()];
    for _ in 0..120_000 {
        let mut text = heads[(next() % heads.len() as u64) as usize].to_string();
        for _ in 0..next() % 10 {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        for (i, (regex, needs, keyword)) in rules.iter().enumerate() {
            if regex.is_match(&text) {
                matched[i] += usize::from(text.is_ascii());
                assert!(needs.holds(text.as_bytes()), "{keyword:?}: {text:?}");
            }
        }
    }
    for (n, (_, _, keyword)) in matched.iter().zip(&rules) {
        assert!(*n >= 300, "{keyword:?}: {n} ASCII texts matched");
    }
    let r = Redactor::builtin();
    let auth = &rules
        .iter()
        .find(|r| r.2 != " -u")
        .expect("the Redis rule")
        .1;
    let line =
        r#"{"auth":"ok","cmd":"redis-cli -h cache -a Xk2m9sLqVn2 ping","auth_method":"mfa"}"#;
    assert!(!auth.holds(line.as_bytes()));
    assert!(!r.redact(line).contains("Xk2m9sLqVn2"), "{line}");
    let line = "redis-cli -h cache AUTH bob Xk2m9sLqVn2";
    assert!(auth.holds(line.as_bytes()));
    assert!(!r.redact(line).contains("Xk2m9sLqVn2"), "{line}");
    let line = "nxc smb 10.0.0.5 -u admin -p Xk2m9sLqVn2";
    assert!(!r.redact(line).contains("Xk2m9sLqVn2"), "{line}");
    // `(?i)` takes the Kelvin sign for `k`: no ASCII word search sees it.
    let line = "rdes\u{212a}top -u admin -p Xk2m9sLqVn2 host";
    let (tools, needs, _) = rules
        .iter()
        .find(|r| r.2 == " -u")
        .expect("the tools' rule");
    assert!(tools.is_match(line) && needs.holds(line.as_bytes()));
    assert!(!r.redact(line).contains("Xk2m9sLqVn2"), "{line}");
}
