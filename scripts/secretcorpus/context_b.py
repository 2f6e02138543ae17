"""Secrets in context, part B: Authorization headers, session cookies,
high-entropy values in UPPER_SNAKE variables, crypt(3) hashes, private keys
written on one line, and secrets inside config blobs (k8s Secret data,
docker auths, .npmrc, NuGet.Config, GCP service-account JSON).
"""
import json

from .common import C, b64, chars, gen, mark, password, rbytes, rnd, uuid4
from .context_a import wrap

# ------------------------------------------------------------- headers

WRAP_HDR = {
    "shell": ["> «H»: «s»", "«hn»  curl -sS -H '«H»: «s»' https://api.example.com/v1/jobs",
              '+ curl -fsS -H "«H»: «s»" https://internal.example.com/healthz'],
    "syslog": ["«P» request headers: «H»: «s»", "«P» [debug] > GET /v1/jobs HTTP/1.1 «H»: «s»"],
    "json": ['{"ts":"«iso»","req":{"method":"GET","url":"/v1/jobs","headers":{"«h»":"«s»","accept":"*/*"}}}'],
    "json-escaped": [r'{"log":"{\"headers\":{\"«H»\":\"«s»\",\"Accept\":\"*/*\"}}\n","stream":"stdout","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=debug msg="outbound request" method=GET header.«h»="«s»"'],
    "yaml": ["      «H»: «s»", '        «h»: "«s»"'],
    "stacktrace": ["HTTPError: 401 Unauthorized (request headers: {'«H»': '«s»'})",
                   "    at HttpClient.send (/srv/app/http.js:88:9) headers: { «h»: '«s»' }"],
}

HEADERS = {
    "authorization-bearer": ("context", "value after `Authorization: Bearer ` (opaque token)", "Authorization",
                             lambda: ("Bearer ", rnd.choice([chars(40, "an"), chars(64, "hex"), chars(43, "url"), "1/" + chars(40, "url")]))),
    "authorization-basic": ("gitleaks:curl-auth-header,context", "base64 `user:password` after `Authorization: Basic `", "Authorization",
                            lambda: ("Basic ", b64(("%s:%s" % (rnd.choice(["admin", "ci", "svc-metrics", "alice"]), password())).encode()))),
    "authorization-token": ("gitleaks:curl-auth-header,context", "value after `Authorization: Token `/`token `", "Authorization",
                            lambda: (rnd.choice(["Token ", "token "]), chars(40, "hex"))),
    "authorization-custom": ("context", "value after a custom scheme: `SSWS`, `GenieKey`, `Splunk`, `Bot`, `ApiKey`, `Key`, `DeepL-Auth-Key`",
                             "Authorization",
                             lambda: rnd.choice([("SSWS ", "00" + chars(40, "url")), ("GenieKey ", uuid4()), ("Splunk ", uuid4()),
                                                 ("Bot ", gen("{|MT|Nz}{url:22}.{url:6}.{url:27}")), ("ApiKey ", chars(40, "an")),
                                                 ("Key ", chars(32, "hex")), ("DeepL-Auth-Key ", uuid4() + ":fx")])),
    "proxy-authorization": ("context", "base64 credentials after `Proxy-Authorization: Basic `", "Proxy-Authorization",
                            lambda: ("Basic ", b64(("proxy-%s:%s" % (chars(4, "lan"), password())).encode()))),
    "api-key-header": ("context", "value of a credential header: X-API-Key, X-Auth-Token, Private-Token, X-Vault-Token, api-key",
                       None, lambda: ("", chars(rnd.choice([32, 40]), "an"))),
}
API_HEADERS = ["X-API-Key", "X-Auth-Token", "Private-Token", "X-Vault-Token", "api-key", "X-Api-Token", "X-Access-Token"]


def _hdr_builder(name, make):
    def one():
        scheme, v = make()
        h = name or rnd.choice(API_HEADERS)
        return scheme + mark(v), {"H": h, "h": h.lower()}
    return lambda: wrap(WRAP_HDR, one, 14)


for _kind, (_src, _shape, _name, _make) in HEADERS.items():
    C(_kind, _src, _shape, _hdr_builder(_name, _make))

# ------------------------------------------------------------- cookies

WRAP_COOKIE = {
    "syslog": ["«P» > Cookie: theme=dark; «c»=«s»; lang=en", "«P» < Set-Cookie: «c»=«s»; Path=/; HttpOnly; Secure; SameSite=Lax"],
    "shell": ["«hn»  curl -b '«c»=«s»' https://app.example.com/admin", "< set-cookie: «c»=«s»; path=/; secure; httponly"],
    "json": ['{"ts":"«iso»","req":{"url":"/dashboard","headers":{"cookie":"«c»=«s»; theme=dark"}}}'],
    "json-escaped": [r'{"log":"{\"cookie\":\"«c»=«s»\",\"path\":\"/\"}\n","stream":"stdout","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=debug msg="session restored" cookie="«c»=«s»" user_id=4411'],
    "yaml": ["      Cookie: «c»=«s»"],
    "stacktrace": ["SuspiciousOperation: Session data corrupted (cookie «c»=«s»)"],
}
COOKIES = [("JSESSIONID", "{HEX:32}"), ("PHPSESSID", "{lan:26}"), ("connect.sid", "s%3A{url:32}.{b64:43}"),
           ("sessionid", "{lan:32}"), ("_session_id", "{hex:32}"), ("laravel_session", "eyJpdiI6{an:180}"),
           ("ASP.NET_SessionId", "{lan:24}"), ("__Host-session", "{url:43}"), ("session", ".eJw{url:60}.{url:6}.{url:27}")]


def _cookie(names):
    def one():
        c, t = rnd.choice(names)
        return mark(gen(t)), {"c": c}
    return lambda: wrap(WRAP_COOKIE, one, 14)


C("session-cookie", "context", "value of a session cookie (JSESSIONID, PHPSESSID, connect.sid, sessionid, laravel_session, ...)", _cookie(COOKIES))
C("gitlab-session-cookie", "gitleaks:gitlab-session-cookie", "`_gitlab_session=` + 32 lowercase alnum", _cookie([("_gitlab_session", "{lan:32}")]))

# ------------------------------------------------------------- env high entropy

WRAP_ENV = {
    "shell": ["+ «K»=«s»", "+ export «K»=«s»", "«hn»  export «K»=«s»", "+ readonly «K»=«s»"],
    "env": ["«K»=«s»", '«K»="«s»"', '                "«K»=«s»",'],
    "json": ['{"Id":"«cid»","Config":{"Env":["PATH=/usr/local/bin:/usr/bin","«K»=«s»"]}}'],
    "json-escaped": [r'{"log":"+ «K»=«s»\n","stream":"stderr","time":"«iso»"}'],
    "yaml": ["      «K»: «s»", '    - «K»=«s»'],
    "syslog": ["«H» cloud-init[«pid»]: + «K»=«s»", "«P» entrypoint.sh: «K»=«s»"],
}
ENV_NAMES = ["NEW_OS", "NEW_PG", "NEW_REDIS", "NEW_ROOT", "OS_HTTP_SECRET", "ROTATED_VALUE", "NEXT_PG", "INIT_ROOT",
             "HMAC_KEY", "SALT", "PEPPER", "RAILS_MASTER", "ERLANG_COOKIE", "K3S_JOIN", "BOOTSTRAP_VAL", "WG_PSK",
             "DJANGO_SK", "CLUSTER_SHARED", "MINIO_ROOT", "TMP_CRED", "X_OS", "NEW_KC_ADMIN", "GEN_1", "OUT"]
ENV_KINDS = {
    "env-random-hex": ("value of `openssl rand -hex 16|32` (32 or 64 hex) assigned to any UPPER_SNAKE variable",
                       lambda: chars(rnd.choice([32, 64]), "hex")),
    "env-random-base64": ("value of `openssl rand -base64 32|48` (44/64 base64 chars) assigned to any UPPER_SNAKE variable",
                          lambda: b64(rbytes(rnd.choice([32, 48])))),
    "env-random-alnum": ("32-48 random alnum/base64url chars (pwgen -s, secrets.token_urlsafe) assigned to any UPPER_SNAKE variable",
                         lambda: rnd.choice([chars(32, "an"), chars(43, "url"), chars(48, "an")])),
}


def _env(make):
    def one():
        return mark(make()), {"K": rnd.choice(ENV_NAMES), "cid": chars(64, "hex")}
    return lambda: wrap(WRAP_ENV, one, 14)


for _kind, (_shape, _make) in ENV_KINDS.items():
    C(_kind, "context", _shape, _env(_make))

# ------------------------------------------------------------- crypt(3)

CRYPT_ABC = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
WRAP_CRYPT = {
    "shadow": ["«user»:«s»:19700:0:99999:7:::", "«user»:«s»:20041::::::"],
    "shell": ["+ echo '«user»:«s»' | chpasswd -e", "«hn»  usermod -p '«s»' «user»"],
    "syslog": ["«P» ansible-ansible.builtin.user: Invoked with name=«user» password=«s» state=present"],
    "yaml": ["    passwd: «s»", '  password_hash: "«s»"', "    hashed_password: '«s»'"],
    "json": ['{"user":"«user»","password_hash":"«s»","created":"«iso»"}'],
    "json-escaped": [r'{"log":"{\"user\":\"«user»\",\"hashedPassword\":\"«s»\"}\n","stream":"stdout"}'],
    "env": ["ADMIN_PASSWORD_HASH='«s»'", "TRAEFIK_DASHBOARD_USERS=«user»:«s»"],
    "logfmt": ['ts=«iso» level=info msg="user synced" user=«user» password_hash="«s»"'],
}
CRYPT = {
    "crypt-sha512": ("`$6$` + up to 16 salt chars + `$` + 86 chars of ./0-9A-Za-z", lambda: "$6$%s$%s" % (chars(16, CRYPT_ABC), chars(86, CRYPT_ABC))),
    "crypt-sha256": ("`$5$` + salt + `$` + 43 chars of ./0-9A-Za-z", lambda: "$5$%s$%s" % (chars(16, CRYPT_ABC), chars(43, CRYPT_ABC))),
    "crypt-yescrypt": ("`$y$` + params (e.g. `j9T`) + `$` + salt + `$` + 43 chars", lambda: "$y$j9T$%s$%s" % (chars(22, CRYPT_ABC), chars(43, CRYPT_ABC))),
    "crypt-bcrypt": ("`$2a$`/`$2b$`/`$2y$` + 2-digit cost + `$` + 53 chars of ./0-9A-Za-z",
                     lambda: "$%s$%02d$%s" % (rnd.choice(["2a", "2b", "2y"]), rnd.choice([10, 11, 12]), chars(53, CRYPT_ABC))),
    "crypt-argon2": ("`$argon2id$v=19$m=…,t=…,p=…$` + base64 salt + `$` + base64 hash",
                     lambda: "$argon2%s$v=19$m=65536,t=3,p=4$%s$%s" % (rnd.choice(["id", "i"]), b64(rbytes(16), pad=False), b64(rbytes(32), pad=False))),
    "crypt-md5": ("`$1$` or `$apr1$` + up to 8 salt chars + `$` + 22 chars", lambda: "$%s$%s$%s" % (rnd.choice(["1", "apr1"]), chars(8, CRYPT_ABC), chars(22, CRYPT_ABC))),
}
for _kind, (_shape, _make) in CRYPT.items():
    C(_kind, "context", _shape, (lambda m: lambda: wrap(WRAP_CRYPT, lambda: (mark(m()), {}), 12))(_make))

# Application and directory hashes outside crypt(3)'s list, and hashes in
# prose or SQL where no key names them: the shape alone must tell.
WRAP_HASH = dict(WRAP_CRYPT, prose=["«P» ALERT: hash «s» found in paste dump"],
                 sql=["INSERT INTO users (email, encrypted_password) VALUES ('«user»@example.com', '«s»');"])
WRAP_KRB = {
    "prose": ["«P» ALERT: hash «s» found in paste dump", "[+] roasted «user»: «s»"],
    "json": ['{"ts":"«iso»","finding":"kerberos hash","hash":"«s»"}'],
    "shell": ["«hn»  hashcat -m 13100 '«s»' rockyou.txt", "+ echo '«s»' >> hashes.txt"],
}
HASHES = {
    "hash-phpass": ("`$P$` or `$H$` + cost letter + 8 salt + 22 hash chars (WordPress, phpBB)",
                    lambda: "$%s$%s%s" % (rnd.choice("PH"), rnd.choice("789ABCDE"), chars(30, CRYPT_ABC)), WRAP_HASH),
    "hash-drupal7": ("`$S$` + cost letter + 8 salt + 43 hash chars", lambda: "$S$%s%s" % (rnd.choice("CDE"), chars(51, CRYPT_ABC)), WRAP_HASH),
    "hash-sha1crypt": ("`$sha1$` + rounds + `$` + salt + `$` + 28 chars",
                       lambda: "$sha1$%d$%s$%s" % (rnd.choice([19703, 40000, 64000]), chars(8, CRYPT_ABC), chars(28, CRYPT_ABC)), WRAP_HASH),
    "hash-django-pbkdf2": ("`pbkdf2_sha256$` + iterations + `$` + salt + `$` + base64 hash",
                           lambda: "pbkdf2_sha256$%d$%s$%s" % (rnd.choice([260000, 600000, 870000]), chars(22), b64(rbytes(32))), WRAP_HASH),
    "hash-django-argon2": ("`argon2$argon2id$v=19$m=…,t=…,p=…$` + salt + `$` + hash",
                           lambda: "argon2$argon2id$v=19$m=102400,t=2,p=8$%s$%s" % (chars(22), b64(rbytes(16), pad=False)), WRAP_HASH),
    "hash-django-bcrypt": ("`bcrypt_sha256$` + a bcrypt hash", lambda: "bcrypt_sha256$$2b$12$%s" % chars(53, CRYPT_ABC), WRAP_HASH),
    "hash-django-scrypt": ("`scrypt$16384$` + salt + `$8$1$` + base64 hash",
                           lambda: "scrypt$16384$%s$8$1$%s" % (chars(22), b64(rbytes(64))), WRAP_HASH),
    "hash-postgres-scram": ("`SCRAM-SHA-256$4096:` + salt + `$` + stored key + `:` + server key",
                            lambda: "SCRAM-SHA-256$4096:%s$%s:%s" % (b64(rbytes(16)), b64(rbytes(32)), b64(rbytes(32))), WRAP_HASH),
    "hash-grub-pbkdf2": ("`grub.pbkdf2.sha512.` + iterations + `.` + salt + `.` + hash, upper-case hex",
                         lambda: "grub.pbkdf2.sha512.10000.%s.%s" % (chars(128, "HEX"), chars(128, "HEX")), WRAP_HASH),
    "hash-kerberoast": ("`$krb5tgs$23$*user$REALM$spn*$` + checksum + `$` + ticket, hex",
                        lambda: "$krb5tgs$23$*svc_%s$CORP.LOCAL$MSSQLSvc/sql01.corp.local:1433*$%s$%s" % (chars(4, "low"), chars(32, "hex"), chars(400, "hex")), WRAP_KRB),
    "hash-asrep": ("`$krb5asrep$23$user@REALM:` + checksum + `$` + ticket, hex",
                   lambda: "$krb5asrep$23$%s@CORP.LOCAL:%s$%s" % (chars(5, "low"), chars(32, "hex"), chars(300, "hex")), WRAP_KRB),
}
for _kind, (_shape, _make, _wrap) in HASHES.items():
    C(_kind, "context", _shape, (lambda m, w: lambda: wrap(w, lambda: (mark(m()), {}), 12))(_make, _wrap))

# ------------------------------------------------------------- private keys on one line


def pem(label, lead, nbytes, nl="\\n", headers=""):
    body = lead + b64(rbytes(nbytes))[len(lead):]
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return nl.join(["-----BEGIN %s-----" % label] + ([headers] if headers else []) + lines + ["-----END %s-----" % label])


def _pgp(nl):
    body = "lQVYBGV" + b64(rbytes(700))[7:]
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return nl.join(["-----BEGIN PGP PRIVATE KEY BLOCK-----", ""] + lines + ["=" + chars(4, "b64"), "-----END PGP PRIVATE KEY BLOCK-----"])


def _putty(nl):
    pub = "AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(rbytes(32))
    return nl.join(["PuTTY-User-Key-File-3: ssh-ed25519", "Encryption: none", "Comment: ed25519-key-2026",
                    "Public-Lines: 2", pub[:64], pub[64:], "Private-Lines: 1", b64(rbytes(36)), "Private-MAC: " + chars(64, "hex")])


KEYS = {
    "pem-rsa": ("`-----BEGIN RSA PRIVATE KEY-----` … `-----END RSA PRIVATE KEY-----`",
                lambda nl: pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1190, nl) if rnd.random() < 0.7 else
                pem("RSA PRIVATE KEY", "MIICXAIBAAKBgQC", 608, nl, "Proc-Type: 4,ENCRYPTED" + nl + "DEK-Info: AES-128-CBC," + chars(32, "HEX") + nl)),
    "pem-ec": ("`-----BEGIN EC PRIVATE KEY-----` block", lambda nl: pem("EC PRIVATE KEY", "MHcCAQEEI", 121, nl)),
    "pem-dsa": ("`-----BEGIN DSA PRIVATE KEY-----` block", lambda nl: pem("DSA PRIVATE KEY", "MIIBuwIBAAKBgQ", 443, nl)),
    "pem-openssh": ("`-----BEGIN OPENSSH PRIVATE KEY-----` block (body starts `b3BlbnNzaC1rZXktdjE`)",
                    lambda nl: pem("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", 400, nl)),
    "pem-encrypted": ("`-----BEGIN ENCRYPTED PRIVATE KEY-----` (PKCS#8) block", lambda nl: pem("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0w", 1312, nl)),
    "pem-pkcs8": ("`-----BEGIN PRIVATE KEY-----` (PKCS#8) block", lambda nl: pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 1217, nl)
                  if rnd.random() < 0.6 else pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEI", 48, nl)),
    "pem-pgp": ("`-----BEGIN PGP PRIVATE KEY BLOCK-----` armored block", _pgp),
    "putty-private-key": ("`PuTTY-User-Key-File-N:` header through the `Private-MAC:` line", _putty),
}
WRAP_KEY = {
    "env": ['«K»="«s»"', '                "«K»=«s»",'],
    "json": ['{"ts":"«iso»","level":"debug","msg":"loaded secret","«k»":"«s»"}'],
    "json-escaped": [r'{"log":"{\"«k»\":\"«s»\"}\n","stream":"stdout","time":"«iso»"}'],
    "yaml": ['  «k»: "«s»"'],
    "logfmt": ['ts=«iso» level=debug msg="key material" «k»="«s»"'],
    "syslog": ["«P» vault: read secret/data/deploy: «k»=«s»"],
    "stacktrace": ["ValueError: Could not deserialize key data. Got: '«s»'"],
    "shell": ["+ printf '%b' '«s»'"],
}
KEY_NAMES = ["SSH_PRIVATE_KEY", "TLS_KEY", "PRIVATE_KEY", "DEPLOY_KEY", "SIGNING_KEY", "GPG_PRIVATE_KEY"]


def _key_lines(make):
    order = list(WRAP_KEY)
    rnd.shuffle(order)
    out = []
    for i in range(10):
        framing = order[i % len(order)]
        name = rnd.choice(KEY_NAMES)
        nl = "\\\\n" if framing == "json-escaped" else "\\n"
        out += wrap({framing: WRAP_KEY[framing]}, lambda: (mark(make(nl)), {"K": name, "k": name.lower()}), 1)
    return out


for _kind, (_shape, _make) in KEYS.items():
    C(_kind, "gitleaks:private-key,trufflehog:privatekey,secretlint:privatekey", _shape + ", one line with literal \\n escapes",
      (lambda m: lambda: _key_lines(m))(_make))

# ------------------------------------------------------------- config blobs


def _sa_json(nl):
    key = pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 1217, nl) + nl
    q = '\\"' if nl != "\\n" else '"'
    pid = "proj-" + chars(6, "lan")
    fields = [("type", "service_account"), ("project_id", pid), ("private_key_id", chars(40, "hex"))]
    head = ",".join("%s%s%s:%s%s%s" % (q, k, q, q, v, q) for k, v in fields)
    tail = "%sclient_email%s:%sdeploy@%s.iam.gserviceaccount.com%s" % (q, q, q, pid, q)
    return "{%s,%sprivate_key%s:%s%s%s,%s}" % (head, q, q, q, mark(key[:-len(nl)]) + nl, q, tail)


WRAP_SA = {
    "json": ["«s»"],
    "json-escaped": [r'{"kind":"Secret","stringData":{"credentials.json":"«s»"},"ts":"«iso»"}'],
    "env": ["GOOGLE_CREDENTIALS=«s»", "GCP_SA_KEY='«s»'"],
    "yaml": ["  credentials.json: '«s»'"],
    "syslog": ["«P» terraform: using credentials «s»"],
}


def _sa_lines():
    out = []
    order = list(WRAP_SA)
    for i in range(10):
        framing = order[i % len(order)]
        nl = "\\\\n" if framing == "json-escaped" else "\\n"
        out += wrap({framing: WRAP_SA[framing]}, lambda: (_sa_json(nl), {}), 1)
    return out


C("gcp-service-account-key", "secretlint:gcp,trufflehog:gcp,trufflehog:gcpapplicationdefaultcredentials",
  "`private_key` PEM inside a service-account JSON (`\"type\":\"service_account\"`)", _sa_lines)

WRAP_BLOB = {
    "yaml": ["  «k»: «s»"],
    "json": ['{"apiVersion":"v1","kind":"Secret","metadata":{"name":"«name»"},"data":{"«k»":"«s»"}}'],
    "json-escaped": [r'{"log":"{\"kind\":\"Secret\",\"data\":{\"«k»\":\"«s»\"}}\n","stream":"stdout"}'],
    "syslog": ['«P» kube-audit: PATCH secrets/«name» data={"«k»":"«s»"}'],
    "logfmt": ['ts=«iso» level=debug msg="secret synced" name=«name» data.«k»=«s»'],
}


def _k8s():
    k = rnd.choice(["password", "api-token", "client-secret", "token", "aws_secret_access_key", "DB_PASSWORD", "tls.key", "secret-key"])
    plain = password() if "pass" in k.lower() else chars(rnd.choice([32, 40]), "an")
    return mark(b64(plain.encode())), {"k": k, "name": rnd.choice(["db-credentials", "api-keys", "app-env"])}


C("k8s-secret-data", "gitleaks:kubernetes-secret-yaml", "base64 value under a Kubernetes Secret's `data:` map, keyed by a credential name",
  lambda: wrap(WRAP_BLOB, _k8s, 12))

WRAP_DOC = {
    "json": ["«s»"],
    "env": ["DOCKER_AUTH_CONFIG=«s»"],
    "shell": ["+ echo '«s»' > /root/.docker/config.json"],
    "yaml": ["  .dockerconfigjson: '«s»'"],
    "syslog": ["«P» ci-runner: DOCKER_AUTH_CONFIG=«s»"],
}


def _docker():
    auth = b64(("%s:%s" % (rnd.choice(["ci", "robot$deploy", "_json_key"]), password())).encode())
    return '{"auths":{"%s":{"auth":"%s"}}}' % (rnd.choice(["registry.example.com", "https://index.docker.io/v1/", "ghcr.io"]), mark(auth)), {}


C("docker-config-auth", "trufflehog:docker", "base64 `user:password` in `\"auths\":{REGISTRY:{\"auth\":…}}` of a docker config", lambda: wrap(WRAP_DOC, _docker, 10))

WRAP_NPMRC = {
    "shell": ['+ echo "«s»" > ~/.npmrc', "«hn»  npm config set «s»"],
    "env": ["NPMRC=«s»"],
    "yaml": ["  npmrc: «s»"],
    "json": ['{"ts":"«iso»","msg":"wrote .npmrc","line":"«s»"}'],
    "syslog": ["«P» npm: using «s»"],
}
C("npmrc-auth-token", "secretlint:npm", "value after `:_authToken=` in an .npmrc line",
  lambda: wrap(WRAP_NPMRC, lambda: ("//%s/:_authToken=%s" % (rnd.choice(["registry.npmjs.org", "npm.pkg.github.com"]), mark(uuid4())), {}), 10))

WRAP_NUGET = {
    "syslog": ["«P» nuget: NuGet.Config: «s»"],
    "shell": ["+ echo '«s»' >> NuGet.Config"],
    "yaml": ["  nuget.config: '«s»'"],
    "stacktrace": ["NuGet.Configuration.NuGetConfigurationException: Unable to parse config element «s»"],
}
C("nuget-config-password", "gitleaks:nuget-config-password", "`value=` of `<add key=\"ClearTextPassword\"|\"Password\" …/>` in NuGet.Config",
  lambda: wrap(WRAP_NUGET, lambda: ('<add key="%s" value="%s" />' % (rnd.choice(["ClearTextPassword", "Password"]), mark(password() if rnd.random() < 0.5 else b64(rbytes(60)))), {}), 10))
