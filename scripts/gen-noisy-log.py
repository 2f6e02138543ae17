#!/usr/bin/env python3
"""Writes a deterministic credential-incident log for redaction benchmarks.

Usage: scripts/gen-noisy-log.py SIZE_MB OUT [SEED]

SEED (default 4411, the benchmark's log) gives another log of the same
kinds, e.g. to train a profile-guided build on lines it is not timed on.

Unlike gen-mixed-log.py, most lines talk about auth, sessions, tokens, keys,
secrets, passwords, credentials, bearer auth and APIs -- in prose and as
non-secret keys (`component=auth`, `"session_id": 4411`, `token_count=512`,
`password_reset_requested=true`) -- in a mix of syslog, JSON, logfmt and
nginx lines. About 1% of lines carry a real-shaped (fake) secret from a
rotation of 21 kinds. Values come from pre-generated pools so 200 MB takes
well under a minute.
"""
import random
import sys

size = int(sys.argv[1]) * 1024 * 1024
out = sys.argv[2]
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 4411)
AN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"
URL = AN + "-_"
B64 = AN + "+/"
CRYPT = "./" + AN


def w(n, alphabet=AN):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def pool(make, n=64):
    return [make() for _ in range(n)]


# ----------------------------------------------------------- secrets (1%)
SECRET_MAKERS = [
    lambda: "token=ghp_" + w(36),
    lambda: "GITLAB_TOKEN=glpat-" + w(20, URL),
    lambda: "aws_access_key_id=AKIA" + w(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    lambda: '"slack_token":"xoxb-%s-%s-%s"' % (w(12, "0123456789"), w(13, "0123456789"), w(24)),
    lambda: "stripe_key=sk_live_51" + w(60),
    lambda: "SENDGRID_API_KEY=SG.%s.%s" % (w(22, URL), w(43, URL)),
    lambda: "key=AIzaSy" + w(33, URL),
    lambda: "VAULT_TOKEN=hvs." + w(95, URL),
    lambda: "NPM_TOKEN=npm_" + w(36),
    lambda: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ%s.%s" % (w(60, URL), w(43, URL)),
    lambda: "+ NEW_OS=" + w(64, HEX),
    lambda: "Authorization: Bearer " + w(40),
    lambda: "url=postgres://app:%s@db-1.internal:5432/app" % w(18),
    lambda: "cmd=\"mysql -u root -p%s -h db-1\"" % w(14),
    lambda: "cmd=\"redis-cli -h cache-1 -a %s ping\"" % w(20),
    lambda: "shadow=\"ops:$6$%s$%s:19700:0:99999:7:::\"" % (w(16, CRYPT), w(86, CRYPT)),
    lambda: "DOCKER_PASSWORD=dckr_pat_" + w(27, URL),
    lambda: '"anthropic_api_key":"sk-ant-api03-%sAA"' % w(93, URL),
    lambda: "HF_TOKEN=hf_" + w(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    lambda: "DIGITALOCEAN_TOKEN=dop_v1_" + w(64, HEX),
    lambda: 'key="-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEI%s\\n%s\\n-----END EC PRIVATE KEY-----"' % (w(55, B64), w(60, B64)),
]
SECRETS = [pool(m, 32) for m in SECRET_MAKERS]

# ----------------------------------------------------------- noise
hosts = ["auth-1", "auth-2", "api-3", "gateway-1", "worker-4", "sso-1"]
apps = ["authd", "sessiond", "api-gateway", "token-service", "keyd", "credential-sync", "sshd", "vault-agent"]
users = ["alice", "bob", "deploy", "svc-ci", "mallory", "root", "ops"]
components = ["auth", "session", "token", "apikey", "secrets", "credentials", "keystore", "oauth"]
methods = ["password", "oidc", "saml", "api_key", "bearer", "mfa"]
paths = ["/api/v1/auth/token", "/api/v1/sessions", "/oauth/authorize", "/api/v2/keys", "/login", "/api/v1/secrets/db-credentials",
         "/password/reset", "/api/v1/credentials/verify", "/healthz"]
prose = [
    "session started for user {u}", "auth failed: invalid token for user {u}", "token refreshed for client web (ttl 3600s)",
    "password reset requested by {u}", "api key rotated for integration zendesk", "bearer token missing on request",
    "secret db-credentials synced from vault (version {n})", "credential check passed for {u}", "session expired, redirecting to /login",
    "Authorization header rejected: expired", "keys rotated: {n}, failed: 0", "revoking sessions of {u} after password change",
    "api rate limit reached for key_id k{n}", "token introspection ok (active=true)", "leaked credential report received, starting rotation",
    "Accepted publickey for {u} from 10.0.{n}.5 port 52144 ssh2", "pam_unix(sshd:session): session opened for user {u}",
    "generating new signing key (kid=2026-11)", "secret rotation window opened by {u}", "auth ok for user {u} via {m}",
]
probe = ["auth=ok", "session_count={n}", "token_count={n}", "password_reset_requested=false", "api_version=2", "key_id=k{n}",
         "secret_name=db-credentials", "credential_source=env", "auth_method={m}", "token_type=bearer", "session_ttl=3600",
         "password_min_length=12", "apikey_enabled=true", "token_expires_in=3600"]
ids = pool(lambda: w(12), 256)
reqs = pool(lambda: "%s-%s-4%s-a%s-%s" % (w(8, HEX), w(4, HEX), w(3, HEX), w(3, HEX), w(12, HEX)), 256)

with open(out, "w") as f:
    written = 0
    n = 0
    buf = []
    while written < size:
        n += 1
        extra = (" " + rnd.choice(rnd.choice(SECRETS))) if rnd.random() < 0.01 else ""
        u = rnd.choice(users)
        m = rnd.choice(methods)
        k = rnd.randrange(1, 9000)
        msg = rnd.choice(prose).format(u=u, n=k % 97, m=m)
        kind = n % 4
        if kind == 0:
            line = (
                f"Nov 23 03:{n % 60:02d}:{n * 7 % 60:02d} {rnd.choice(hosts)} {rnd.choice(apps)}[{1000 + n % 5000}]: "
                f"{msg} {rnd.choice(probe).format(n=k, m=m)}{extra}"
            )
        elif kind == 1:
            line = (
                f'{{"ts":"2026-11-23T03:{n % 60:02d}:{n % 59:02d}Z","level":"info","component":"{rnd.choice(components)}",'
                f'"msg":"{msg}","session_id":{k},"token_count":{n % 2048},"auth":"ok","request_id":"{rnd.choice(reqs)}"'
                f'{extra and ","}{extra and chr(34) + "detail" + chr(34) + ":" + chr(34) + extra.strip().replace(chr(34), chr(39)) + chr(34)}}}'
            )
        elif kind == 2:
            line = (
                f'ts=2026-11-23T03:{n % 60:02d}:00Z level=info component={rnd.choice(components)} msg="{msg}" '
                f"user={u} auth_method={m} {rnd.choice(probe).format(n=k, m=m)} job_id={rnd.choice(ids)}{extra}"
            )
        else:
            line = (
                f'203.0.113.{n % 250} - - [23/Nov/2026:03:{n % 60:02d}:00 +0000] "POST {rnd.choice(paths)} HTTP/1.1" '
                f'{rnd.choice([200, 200, 201, 401, 403, 302])} {rnd.randrange(100, 9000)} "-" "auth-client/2.1 (session-aware)"{extra}'
            )
        buf.append(line)
        written += len(line) + 1
        if len(buf) >= 4096:
            f.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        f.write("\n".join(buf) + "\n")
