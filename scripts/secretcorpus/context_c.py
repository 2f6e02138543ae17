"""Secrets in context, part C: the commands and statements a rotation runs.
A new value written into a secret store (gh, az, aws, kubectl), a database
password set in SQL (PostgreSQL, MySQL), a password element of an
XML document, and a password piped into chpasswd. Imported last, so the
kinds and look-alikes before it keep their generated values.
"""
from .common import C, b64, chars, mark, password, rbytes, rnd
from .context_a import WRAP_CMD, sq, tok, wrap
from .framings import SHELL_SAFE
from .negatives_a import emit

NAMES = ["PROXY_JWT_SECRET", "OS_HTTP_SECRET", "DEPLOY_KEY", "SLACK_WEBHOOK", "NPM_PUBLISH", "SENTRY_DSN", "DB_URL"]


def _name():
    return rnd.choice(NAMES)


def _role():
    return rnd.choice(["app", "report_ro", "billing", "svc_sync", "grafana", "replicator"])


# ------------------------------------------------------------- secret stores

def _gh():
    t = rnd.choice([
        "gh secret set {n} --body {v}", "gh secret set {n} -b {v} --repo acme/api",
        "gh secret set {n} --env production --body={v}", "gh secret set {n} --org acme --visibility all -b {v}",
    ])
    v = sq(password()) if rnd.random() < 0.4 else mark(tok())
    return t.format(n=_name(), v=v), {}


def _az():
    t = rnd.choice([
        "az keyvault secret set --vault-name kv-prod --name {n} --value {v}",
        "az keyvault secret set -n {n} --vault-name kv-incident --value={v} --expires 2027-01-01T00:00:00Z",
    ])
    return t.format(n=_name().lower().replace("_", "-"), v=sq(password()) if rnd.random() < 0.5 else mark(tok())), {}


def _aws_string():
    p = password()
    t = rnd.choice([
        "aws secretsmanager put-secret-value --secret-id prod/api/jwt --secret-string {v}",
        "aws secretsmanager create-secret --name prod/db/{r} --secret-string {v}",
        "aws secretsmanager update-secret --secret-id prod/worker/shared --secret-string={v} --region eu-west-1",
    ])
    # A JSON secret is hidden whole: its keys are the store's business.
    json_value = "'" + mark('{"username":"%s","password":"%s"}' % (_role(), p)) + "'"
    v = rnd.choice([mark(tok()), sq(p), json_value])
    return t.format(v=v, r=_role()), {}


def _aws_configure():
    t = rnd.choice([
        "aws configure set aws_secret_access_key {k}", "aws configure set profile.incident.aws_secret_access_key {k}",
        "aws configure set aws_session_token {s} --profile ci", "aws --profile prod configure set aws_secret_access_key {k}",
    ])
    return t.format(k=mark(chars(40, "an") if rnd.random() < 0.5 else chars(36, "an") + "/" + chars(3, "an")),
                    s=mark("FwoGZXIvYXdzE" + chars(rnd.choice([60, 120]), "an"))), {}


def _kubectl():
    t = rnd.choice([
        "kubectl create secret generic api-env --from-literal=JWT_SIGNING={v} -n prod",
        "kubectl -n prod create secret generic db --from-literal='conn={q}' --dry-run=client -o yaml",
        "kubectl create secret generic worker-shared --from-literal=shared={v}",
        "kubectl create secret docker-registry regcred --docker-server=ghcr.io --docker-username=ci --from-literal=pull={v}",
    ])
    p = password() if rnd.random() < 0.5 else tok()
    v = mark(p) if SHELL_SAFE.match(p) else "'" + mark(p) + "'"
    return t.format(v=v, q=mark(p)), {}


STORE_SHAPE = "value after `gh secret set --body`, `az keyvault secret set --value`, `--secret-string`, `aws configure set aws_secret_access_key`, `kubectl create secret --from-literal=K=`"
for _kind, _b in [("gh-secret-set-body", _gh), ("az-keyvault-secret-value", _az), ("aws-secret-string", _aws_string),
                  ("aws-configure-secret-key", _aws_configure), ("kubectl-secret-literal", _kubectl)]:
    C(_kind, "context", STORE_SHAPE, (lambda b: lambda: wrap(WRAP_CMD, b))(_b))

# ------------------------------------------------------------- SQL

WRAP_SQL = {
    "syslog": ["«mon» «d» «hms» db-1 postgres[«pid»]: [3-1] user=postgres,db=app LOG:  statement: «s»",
               "«H» mysqld[«pid»]: «pid» Query «s»"],
    "shell": ['+ psql -U postgres -d app -c "«s»"', '«hn»  mysql -uroot -e "«s»"', "postgres=# «s»", "mysql> «s»", "SQL> «s»"],
    "json": ['{"ts":"«iso»","level":"info","msg":"migration step","sql":"«s»"}'],
    "json-escaped": [r'{"log":"{\"event\":\"query\",\"sql\":\"«s»\"}\n","stream":"stdout","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=debug msg="exec" query="«s»" rows=0'],
    "yaml": ['    - sql: "«s»"'],
    "stacktrace": ["psycopg2.errors.DuplicateObject: role already exists; statement: «s»",
                   "java.sql.SQLSyntaxErrorException: ORA-01935: missing user or role name [«s»]"],
}


# MySQL's own logs write `<secret>` for the password; it leaks where the
# client is run (a shell trace, a CI job, a session's transcript).
WRAP_MYSQL = {
    "syslog": ["«H» sudo: «user» : TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/mysql -uroot -e «s»"],
    "shell": ['+ mysql -uroot -e "«s»"', '«hn»  mysql --defaults-file=/root/.my.cnf -e "«s»"', "mysql> «s»",
              '+ mariadb -uroot -e "«s»"'],
    "json": ['{"ts":"«iso»","level":"info","msg":"exec","cmdline":"mysql -h db-1 -e «s»"}'],
    "json-escaped": [r'{"log":"{\"cmd\":\"mysql -e «s»\"}\n","stream":"stdout","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=info msg="running hook" cmd="mariadb -e «s»" exit=0'],
    "yaml": ['    - mysql -uroot -e "«s»"'],
    "stacktrace": ["subprocess.CalledProcessError: Command 'mysql -uroot -e «s»' returned non-zero exit status 1."],
}


def _pg():
    t = rnd.choice([
        "ALTER ROLE {r} WITH PASSWORD '{p}';", "ALTER USER {r} WITH ENCRYPTED PASSWORD '{p}';",
        "CREATE ROLE {r} WITH LOGIN PASSWORD '{p}' VALID UNTIL '2027-01-01';", "CREATE USER {r} PASSWORD '{p}';",
    ])
    return t.format(r=_role(), p=mark(password())), {}


def _mysql():
    t = rnd.choice([
        "CREATE USER '{r}'@'%' IDENTIFIED BY '{p}';", "ALTER USER '{r}'@'localhost' IDENTIFIED WITH caching_sha2_password BY '{p}';",
        "GRANT SELECT ON app.* TO '{r}'@'10.0.%' IDENTIFIED BY '{p}';", "SET PASSWORD FOR '{r}'@'%' = '{p}';",
        "create user {r} identified by '{p}';",
    ])
    return t.format(r=_role(), p=mark(password())), {}


C("sql-role-password", "context", "the quoted literal after `PASSWORD` in `ALTER/CREATE ROLE|USER` (PostgreSQL)",
  lambda: wrap(WRAP_SQL, _pg))
C("sql-identified-by", "context", "the literal after `IDENTIFIED BY`/`IDENTIFIED WITH … BY` or `SET PASSWORD … =` given to the mysql client",
  lambda: wrap(WRAP_MYSQL, _mysql))

# ------------------------------------------------------------- XML

WRAP_XML = {
    "syslog": ["«P» SOAP request body: «s»", "«P» loaded /etc/app/settings.xml: <settings>«s»</settings>"],
    "shell": ["+ curl -sS -d '«s»' https://soap.example.com/Auth", "«hn»  grep -r '«s»' /etc/tomcat/"],
    "json": ['{"ts":"«iso»","level":"debug","msg":"soap call","body":"«s»"}'],
    "json-escaped": [r'{"log":"{\"payload\":\"«s»\"}\n","stream":"stdout","time":"«iso»"}'],
    "logfmt": ['ts=«iso» level=debug msg="sent request" body="«s»"'],
    "yaml": ['      config: "<settings>«s»</settings>"'],
    "stacktrace": ["org.xml.sax.SAXParseException; lineNumber: 12; columnNumber: 5; near «s»",
                   "    at com.example.Auth.login(Auth.java:88) request=<login>«s»</login>"],
}


def _xml():
    tag, value = rnd.choice([
        ("password", password), ("Password", password), ("db:password", password), ("passphrase", password),
        ("clientSecret", tok), ("SessionToken", lambda: "FwoGZXIvYXdzE" + chars(80, "an")), ("ns2:AccessToken", tok),
        ("SecretAccessKey", lambda: chars(40, "an")),
    ])
    return "<%s>%s</%s>" % (tag, mark(value()), tag), {}


C("xml-secret-element", "secretlint:preset-recommend,context", "the text of `<password>`, `<clientSecret>`, `<SessionToken>` and other secret-named XML elements",
  lambda: wrap(WRAP_XML, _xml))

# ------------------------------------------------------------- chpasswd


def _chpasswd():
    p = password()
    u = rnd.choice(["deploy", "root", "alice", "svc-ci"])
    if rnd.random() < 0.6:
        t = rnd.choice(["echo '{u}:{p}' | chpasswd", "echo \"{u}:{p}\" | sudo chpasswd"])
    else:
        t = "echo '{p}' | passwd --stdin {u}"
    return t.format(u=u, p=mark(p)), {}


C("chpasswd-password", "context", "the password echoed into `chpasswd` (user:password) or `passwd --stdin`",
  lambda: wrap(WRAP_CMD, _chpasswd))

# ------------------------------------------------------------- look-alikes


def emit_negatives():
    """Called after the positives are built, so every earlier line keeps its values."""
    _emit_negatives()


def _emit_negatives():
    emit("rotation-commands", [
        "+ gh secret set PROXY_JWT_SECRET < /run/secrets/new-value", "+ gh secret list --repo acme/api", '+ gh secret set PROXY_JWT_SECRET --body "$NEW_VALUE"',
        "+ gh secret delete OLD_DEPLOY_KEY", "+ az keyvault secret show --vault-name kv-prod --name db-password --query value",
        "+ aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text",
        "+ aws secretsmanager put-secret-value --secret-id prod/db --secret-string file://new-secret.json",
        "+ aws configure set region eu-west-1", "+ aws configure get aws_secret_access_key --profile ci",
        "+ kubectl create configmap app-config --from-literal=LOG_LEVEL=debug --from-literal=WORKERS=4",
        "+ kubectl create secret generic tls-api --from-file=tls.crt=/etc/tls/tls.crt --from-file=tls.key=/etc/tls/tls.key",
        "+ kubectl get secret app-env -o yaml", "+ kubectl create secret generic app --from-env-file=.env",
    ], 60, vary=True)

    emit("sql-statements", [
        "postgres=# ALTER ROLE app WITH PASSWORD NULL;", "ALTER ROLE app VALID UNTIL 'infinity';", "CREATE USER app IDENTIFIED EXTERNALLY;",
        "ALTER USER 'app'@'localhost' IDENTIFIED WITH auth_socket;", "«P» session for user bob identified by public key",
        "«P» client identified by its certificate", "postgres=# \\password app", "«P» LOG:  statement: ALTER ROLE app CONNECTION LIMIT 20;",
        "SELECT usename, passwd IS NULL AS no_password FROM pg_shadow;", "«P» user app: password authentication failed",
        "mysql> SELECT user, host, plugin FROM mysql.user WHERE user = 'app';", "REVOKE ALL ON app.* FROM 'bob'@'%';",
    ], 60, vary=True)

    emit("xml-elements", [
        "<passwordPolicy>strict</passwordPolicy>", "<token_type>Bearer</token_type>", "<password/>", "<password></password>",
        "<secret>false</secret>", "<password>${DB_PASSWORD}</password>", "<password>******</password>", "<tokenCount>512</tokenCount>",
        "<NextToken>eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==</NextToken>",
        "<IsTruncated>false</IsTruncated><Marker>logs/2026/11/23/</Marker>", "<secretName>db-credentials</secretName>",
        "<requirePassword>true</requirePassword>",
    ], 48, vary=True)

    emit("pagination-tokens", [
        '{"logStreams":[],"nextToken":"«b64»"}', "<NextToken>«b64»</NextToken>", "nextPageToken=«b64»",
        '"ContinuationToken": "«b64»",', "  continuation_token: «b64»", '{"items":[],"page_token":"«b64»"}',
    ], 36, extra=lambda: {"b64": b64(rbytes(rnd.choice([48, 66, 93])))})

    emit("password-commands", [
        "+ echo done | passwd", "+ passwd --stdin deploy < /run/secrets/pw", '+ echo "$NEW_PW" | passwd --stdin deploy',
        "+ chpasswd < /root/users.txt", "+ echo 'password changed' | logger -t chpasswd", "+ passwd -l mallory",
    ], 30, vary=True, extra=None)
