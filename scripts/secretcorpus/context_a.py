"""Secrets in context, part A: CLI password/token flags, credentials in URLs
and connection strings, webhook URLs. Each kind builds a string that carries
the marked secret (a command, a URL) and wraps it in several log framings.
"""
from .common import C, b64, chars, ctx, gen, mark, password, rnd, syslog_prefix, url_password, uuid4
from .framings import SHELL_SAFE, fill

N = 12  # lines per kind

WRAP_CMD = {
    "shell": ["+ «s»", "«hn»  «s»", "$ «s»", "root@«host»:~# «s»",
              "root      «pid»  0.0  0.1 112840  9020 ?        Ss   03:14   0:00 «s»"],
    "syslog": ["«H» sudo: «user» : TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=«s»",
               "«H» CRON[«pid»]: («user») CMD («s»)"],
    "json": ['{"ts":"«iso»","level":"info","msg":"exec","cmdline":"«s»","pid":«pid»}'],
    "json-escaped": [r'{"log":"{\"event\":\"exec\",\"cmd\":\"«s»\"}\n","stream":"stdout","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=info msg="running hook" cmd="«s»" exit=1'],
    "yaml": ["      - «s»", '    command: ["sh", "-c", "«s»"]'],
    "stacktrace": ["subprocess.CalledProcessError: Command '«s»' returned non-zero exit status 1."],
}

WRAP_URL = {
    "env": ["«K»=«s»", '«K»="«s»"', '                "«K»=«s»",'],
    "json": ['{"ts":"«iso»","level":"info","msg":"connecting","«k»":"«s»"}'],
    "json-escaped": [r'{"log":"{\"msg\":\"pool init\",\"«k»\":\"«s»\"}\n","stream":"stderr","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=debug msg="open connection" «k»=«s» timeout=5s'],
    "yaml": ["  «k»: «s»", '      «K»: "«s»"'],
    "syslog": ["«P» connecting to «s» (attempt 2)", "«P» config: «k»=«s»"],
    "shell": ["+ «tool» «s»", "«hn»  «tool» '«s»'"],
    "stacktrace": ["«exc»: could not connect to «s»: connection refused",
                   "Caused by: java.net.ConnectException: «s»: Connection timed out"],
}

EXC = ["sqlalchemy.exc.OperationalError", "redis.exceptions.ConnectionError", "pymongo.errors.ServerSelectionTimeoutError",
       "psycopg2.OperationalError", "Error", "ConnectionRefusedError"]


def _fields(extra):
    c = ctx()
    c.update(P=syslog_prefix(c), hn="%5d" % rnd.randrange(100, 2000), exc=rnd.choice(EXC))
    c.update(extra)
    return c


def wrap(table, builder, n=N, extra=None):
    """builder() -> (string with marked secret, dict of extra fields)."""
    order = list(table)
    rnd.shuffle(order)
    out = []
    for i in range(n):
        framing = order[i % len(order)]
        s, fx = builder()
        f = dict(extra or {})
        f.update(fx)
        f["s"] = s
        out.append((framing, fill(rnd.choice(table[framing]), _fields(f))))
    return out


def sq(v):
    """Marked value, single-quoted if a shell would need it."""
    return mark(v) if SHELL_SAFE.match(v) else "'" + mark(v) + "'"


def tok(n=None):
    return chars(n or rnd.choice([32, 40, 48]), "url")


# ------------------------------------------------------------- CLI flags

CLI = {
    "mysql-password-flag": ["mysql -u root -p{p} -h db-1 app", "mysqldump -uroot -p{p} --all-databases",
                            "mysql --user=app --password={p} -e 'select 1'", "mysqladmin -u root --password={p} status"],
    "redis-cli-password": ["redis-cli -h cache-1 -a {p} ping", "redis-cli --pass {p} -n 2 info keyspace",
                           "redis-cli -a {p} --no-auth-warning keys 'session:*'", "redis-cli -u redis://cache-1:6379 -a {p} dbsize"],
    "sshpass-password": ["sshpass -p {p} ssh -o StrictHostKeyChecking=no deploy@10.0.3.4", "sshpass -p {p} scp backup.tgz ops@bastion:/tmp/",
                         "sshpass -p {p} rsync -av dist/ web@web-2:/srv/www/"],
    "curl-user-password": ["curl -u admin:{p} https://jenkins.example.com/api/json", "curl --user ci:{p} -X POST https://nexus.example.com/service/rest/v1/components",
                           "curl -fsS -u elastic:{p} http://es-1:9200/_cluster/health"],
    "htpasswd-password": ["htpasswd -b /etc/nginx/.htpasswd alice {p}", "htpasswd -bc /srv/registry/auth/htpasswd admin {p}",
                          "htpasswd -bB .htpasswd grafana {p}"],
    "openssl-pass-arg": ["openssl rsa -in server.key.enc -passin pass:{p} -out server.key",
                         "openssl pkcs12 -export -in tls.crt -inkey tls.key -out tls.p12 -passout pass:{p}",
                         "openssl enc -aes-256-cbc -pbkdf2 -pass pass:{p} -in db.sql -out db.sql.enc",
                         "openssl enc -d -aes-256-cbc -k {p} -in backup.enc -out backup.tar"],
    "docker-login-password": ["docker login -u ci -p {p} registry.example.com", "docker login --username bot --password {p} ghcr.io",
                              "podman login -u deploy -p {p} quay.io", "helm registry login registry.example.com -u ci --password {p}"],
    "cli-token-flag": ["deployctl push --token {t} --env prod", "kubectl --token={t} get pods -n payments",
                       "argocd login argocd.example.com --auth-token {t}", "gitlab-runner register --url https://gitlab.example.com --token {t}",
                       "vault-sync --access-token {t} --path secret/app"],
    "cli-api-key-flag": ["datadog-ci synthetics run-tests --api-key {t}", "sentry-cli --api-key={t} releases new 4.2.0",
                         "mailctl send --apikey {t} --to ops@example.com", "uploader --api-key {t} --file report.csv"],
    "cli-client-secret-flag": ["az login --service-principal -u {u} -p {t} --tenant {u2}",
                               "oidc-client token --client-id web --client-secret {t}",
                               "terraform apply -var client_secret={t}", "kcadm.sh config credentials --client admin-cli --secret {t}"],
    "cli-password-flag": ["mongosh -u admin -p {p} --authenticationDatabase admin", "ldapsearch -x -D cn=admin,dc=example,dc=org -w {p} -b dc=example,dc=org",
                          "keytool -importkeystore -srckeystore a.p12 -srcstorepass {p} -destkeystore b.jks",
                          "rabbitmqctl add_user app {p}", "java -Djavax.net.ssl.keyStorePassword={p} -jar app.jar",
                          "smbclient //fs-1/share -U alice%{p}", "pg_restore --dbname=postgresql://app@db-1/app --password={p} dump.sql"],
}
CLI_SRC = {
    "curl-user-password": "gitleaks:curl-auth-user,context",
    "cli-client-secret-flag": "trufflehog:azure_entra,context",
}
CLI_SHAPE = {
    "mysql-password-flag": "password after `-p` (no space) or `--password=` of mysql/mysqldump/mysqladmin",
    "redis-cli-password": "password after `-a`/`--pass` of redis-cli",
    "sshpass-password": "password after `sshpass -p`",
    "curl-user-password": "password part of `curl -u user:password`",
    "htpasswd-password": "last argument of `htpasswd -b FILE USER PASSWORD`",
    "openssl-pass-arg": "value after `pass:` in `-passin/-passout/-pass`, or after `-k`",
    "docker-login-password": "value after `-p`/`--password` of docker/podman/helm login",
    "cli-token-flag": "value after `--token`/`--token=`/`--auth-token`/`--access-token`",
    "cli-api-key-flag": "value after `--api-key`/`--apikey`",
    "cli-client-secret-flag": "value after `--client-secret`/`--secret`, `az login -p`, `-var client_secret=`",
    "cli-password-flag": "value after `-p`/`-w`/`--password=`/`-srcstorepass`/`-U user%`/`add_user USER` and similar password arguments",
}


def _cli_builder(templates):
    def one():
        t = rnd.choice(templates)
        p = password()
        return t.format(p=sq(p) if ("-p{p}" not in t and "-uroot" not in t) else mark(p) if SHELL_SAFE.match(p) else mark(url_password()),
                        t=mark(tok()), u=uuid4(), u2=uuid4()), {}
    return lambda: wrap(WRAP_CMD, one)


for _kind, _tpls in CLI.items():
    C(_kind, CLI_SRC.get(_kind, "context"), CLI_SHAPE[_kind], _cli_builder(_tpls))

# ------------------------------------------------------------- URLs

URLS = {
    # kind: (source, tool, key names, url templates)  {p} = marked password
    "postgres-url-password": ("trufflehog:postgres,secretlint:database-connection-string", "psql", "DATABASE_URL PG_DSN",
                              ["postgres://app:{p}@db-1.internal:5432/app", "postgresql://report_ro:{p}@10.0.4.12/analytics?sslmode=require"]),
    "mysql-url-password": ("secretlint:database-connection-string", "mysql", "DATABASE_URL MYSQL_DSN",
                           ["mysql://root:{p}@mysql-0.mysql:3306/shop", "mysql+pymysql://app:{p}@db-2:3306/app?charset=utf8mb4"]),
    "mongodb-url-password": ("trufflehog:mongodb,secretlint:database-connection-string", "mongosh", "MONGO_URL MONGODB_URI",
                             ["mongodb+srv://svc:{p}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true", "mongodb://admin:{p}@mongo-0:27017,mongo-1:27017/admin?replicaSet=rs0"]),
    "redis-url-password": ("trufflehog:redis", "redis-cli -u", "REDIS_URL CACHE_URL",
                           ["redis://:{p}@cache-1:6379/0", "rediss://default:{p}@redis.example.com:6380"]),
    "amqp-url-password": ("trufflehog:rabbitmq", "amqp-publish -u", "AMQP_URL RABBITMQ_URL BROKER_URL",
                          ["amqp://guest_svc:{p}@rabbit-1:5672/%2f", "amqps://orders:{p}@mq.example.com:5671/orders"]),
    "ftp-url-password": ("trufflehog:ftp,secretlint:basicauth", "curl -T dump.sql", "FTP_URL BACKUP_TARGET",
                         ["ftp://backup:{p}@ftp.example.com/incoming/", "ftps://uploader:{p}@files.example.com:990/"]),
    "https-url-password": ("trufflehog:uri,secretlint:basicauth", "git clone", "REPO_URL REGISTRY_URL",
                           ["https://ci-bot:{p}@git.example.com/platform/infra.git", "https://admin:{p}@grafana.example.com/api/dashboards"]),
    "smtp-url-password": ("context", "swaks --server", "SMTP_URL MAILER_DSN EMAIL_URL",
                          ["smtp://postmaster:{p}@smtp.example.com:587", "smtps://alerts%40example.com:{p}@smtp.gmail.com:465"]),
    "ldap-url-password": ("trufflehog:ldap", "ldapsearch -H", "LDAP_URL AUTH_LDAP_URL",
                          ["ldap://cn=admin:{p}@ldap.example.org:389/dc=example,dc=org", "ldaps://svc-bind:{p}@dc1.corp.example.com:636"]),
    "other-url-password": ("trufflehog:uri,context", "curl -x", "HTTP_PROXY HTTPS_PROXY ES_URL",
                           ["http://proxyuser:{p}@proxy.corp:3128", "socks5://tunnel:{p}@10.0.0.9:1080", "mssql://sa:{p}@sql-1:1433/app",
                            "nats://app:{p}@nats-0:4222", "http://elastic:{p}@es-1:9200"]),
    "jdbc-password": ("trufflehog:jdbc,secretlint:database-connection-string", "java -jar flyway.jar -url=", "JDBC_URL SPRING_DATASOURCE_URL",
                      ["jdbc:postgresql://db-1:5432/app?user=app&password={p}", "jdbc:sqlserver://sql-1:1433;databaseName=app;user=sa;password={p};encrypt=true",
                       "jdbc:mysql://app:{p}@db-2:3306/app"]),
    "sidekiq-gems-url": ("gitleaks:sidekiq-sensitive-url", "bundle config", "BUNDLE_SOURCE GEM_SOURCE",
                         ["https://{hp}@gems.contribsys.com/", "https://{hp}@enterprise.contribsys.com/"]),
}


def _url_builder(tool, keys, templates):
    def one():
        t = rnd.choice(templates)
        p, h, ph = url_password(), chars(8, "hex"), chars(8, "hex")
        # Sidekiq's gem server: user and password are one credential.
        s = t.format(p=mark(p), h=h, ph=mark(ph), hp=mark(h + ":" + ph))
        return s, {"K": rnd.choice(keys.split()), "k": rnd.choice(keys.split()).lower(), "tool": tool}
    return lambda: wrap(WRAP_URL, one)


for _kind, (_src, _tool, _keys, _tpls) in URLS.items():
    C(_kind, _src, "password part of `scheme://user:password@host`" if _kind not in ("jdbc-password", "sidekiq-gems-url")
      else ("`password=` parameter or userinfo password of a jdbc: URL" if _kind == "jdbc-password"
            else "user and password of `https://HEX8:HEX8@gems.contribsys.com`"), _url_builder(_tool, _keys, _tpls))

# ------------------------------------------------------------- connection strings

CONN = {
    "sqlserver-connection-password": ("trufflehog:sqlserver", "`Password=`/`Pwd=` field of an ADO.NET connection string",
                                      lambda: "Server=tcp:sql-1.database.windows.net,1433;Initial Catalog=app;User ID=sa;Password=%s;Encrypt=True;" % mark(url_password())),
    "azure-storage-connection-key": ("trufflehog:azure_storage", "`AccountKey=` (86 base64 + `==`) in a storage connection string",
                                     lambda: "DefaultEndpointsProtocol=https;AccountName=st%s;AccountKey=%s;EndpointSuffix=core.windows.net" % (chars(8, "lan"), mark(gen("{b64:86}==")))),
    "azure-app-config-secret": ("trufflehog:azureappconfigconnectionstring", "`Secret=` (base64) in an App Configuration connection string",
                                lambda: "Endpoint=https://cfg-%s.azconfig.io;Id=%s;Secret=%s" % (chars(6, "lan"), gen("{an:4}-l0-s0:{an:20}"), mark(b64(bytes(rnd.getrandbits(8) for _ in range(32)))))),
    "azure-servicebus-key": ("context", "`SharedAccessKey=` (44 base64) in a Service Bus/Event Hubs connection string",
                             lambda: "Endpoint=sb://sb-%s.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s" % (chars(6, "lan"), mark(gen("{b64:43}=")))),
    "azure-redis-password": ("trufflehog:redis", "`password=` (44 base64) in an Azure Cache for Redis connection string",
                             lambda: "cache-%s.redis.cache.windows.net:6380,password=%s,ssl=True,abortConnect=False" % (chars(5, "lan"), mark(gen("{b64:43}=")))),
    "azure-sas-signature": ("trufflehog:azuresastoken", "`sig=` (URL-encoded base64 HMAC) of an Azure SAS URL",
                            lambda: "https://st%s.blob.core.windows.net/backups/db.tar?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-12-01T00:00:00Z&spr=https&sig=%s" % (
                                chars(6, "lan"), mark(chars(40, "an") + rnd.choice(["%2B", "%2F", ""]) + chars(3, "an") + "%3D"))),
}
for _kind, (_src, _shape, _f) in CONN.items():
    C(_kind, _src, _shape, (lambda f: lambda: wrap(WRAP_URL, lambda: (f(), {"K": "CONNECTION_STRING", "k": "connection_string", "tool": "az storage blob list --connection-string"})))(_f))

# ------------------------------------------------------------- webhooks

HOOKS = {
    "slack-webhook-url": ("gitleaks:slack-webhook-url,trufflehog:slackwebhook,secretlint:slack", "https://hooks.slack.com/", "services/T{uan:10}/B{uan:10}/{an:24}",
                          "path after `hooks.slack.com/`: `services/T…/B…/` + 24 alnum"),
    "discord-webhook-url": ("trufflehog:discordwebhook", "https://discord.com/api/webhooks/", "{dig:18}/{url:68}", "path after `/api/webhooks/`: 18-19 digits + `/` + 68 base64url"),
    "teams-webhook-url": ("gitleaks:microsoft-teams-webhook,trufflehog:microsoftteamswebhook", "https://acme.webhook.office.com/webhookb2/",
                          "{uuid}@{uuid}/IncomingWebhook/{hex:32}/{uuid}", "path after `.webhook.office.com/webhookb2/`: uuid@uuid/IncomingWebhook/32 hex/uuid"),
    "zapier-webhook-url": ("trufflehog:zapierwebhook", "https://hooks.zapier.com/hooks/catch/", "{dig:7}/{lan:6}", "path after `hooks.zapier.com/hooks/catch/`"),
    "tines-webhook-url": ("trufflehog:tineswebhook", "https://acme-corp.tines.com/webhook/", "{hex:32}/{hex:32}", "path after `.tines.com/webhook/`: 32 hex/32 hex"),
}
for _kind, (_src, _base, _tpl, _shape) in HOOKS.items():
    C(_kind, _src, _shape, (lambda b, t: lambda: wrap(WRAP_URL, lambda: (b + mark(gen(t)), {"K": "WEBHOOK_URL", "k": "webhook_url", "tool": "curl -X POST -d @msg.json"})))(_base, _tpl))
