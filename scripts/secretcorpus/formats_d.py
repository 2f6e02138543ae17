"""Context-only formats that go into the positives, plus the generic
"password/secret assigned to a key" kinds.

The trufflehog rows are detectors whose token is only "N hex/alnum chars near
keyword X"; these are the ~25 most common services among them, always framed
as KEY=value with a key that names the service (th_context.py lists the rest
for formats.tsv only).
"""
from .common import K, chars, password, rnd

TH_CONTEXT_POSITIVES = [
    # kind, trufflehog detector, value template, key names
    ("datadog-api-key", "datadogapikey", "{hex:32}", "DATADOG_API_KEY DD_API_KEY"),
    ("twilio-auth-token", "twilio", "{hex:32}", "TWILIO_AUTH_TOKEN"),
    ("mailjet-api-secret", "mailjetsms", "{hex:32}", "MAILJET_API_SECRET MAILJET_SECRET_KEY"),
    ("mandrill-api-key", "mandrill", "{url:22}", "MANDRILL_API_KEY MANDRILL_KEY"),
    ("pusher-app-secret", "pusherchannelkey", "{lan:20}", "PUSHER_APP_SECRET PUSHER_SECRET"),
    ("segment-api-token", "segmentapikey", "{url:43}.{url:43}", "SEGMENT_API_TOKEN SEGMENT_ACCESS_TOKEN"),
    ("trello-api-token", "trelloapikey", "{hex:64}", "TRELLO_TOKEN TRELLO_API_TOKEN"),
    ("opsgenie-api-key", "opsgenie", "{uuid}", "OPSGENIE_API_KEY"),
    ("postmark-server-token", "postmark", "{uuid}", "POSTMARK_SERVER_TOKEN POSTMARK_API_TOKEN"),
    ("browserstack-access-key", "browserstack", "{an:20}", "BROWSERSTACK_ACCESS_KEY"),
    ("loggly-token", "loggly", "{uuid}", "LOGGLY_TOKEN LOGGLY_CUSTOMER_TOKEN"),
    ("pivotaltracker-token", "pivotaltracker", "{hex:32}", "PIVOTAL_TRACKER_TOKEN PIVOTAL_API_TOKEN"),
    ("openweather-api-key", "openweather", "{hex:32}", "OPENWEATHER_API_KEY OPENWEATHERMAP_KEY"),
    ("virustotal-api-key", "virustotal", "{hex:64}", "VIRUSTOTAL_API_KEY VT_API_KEY_VIRUSTOTAL"),
    ("abuseipdb-api-key", "abuseipdb", "{hex:80}", "ABUSEIPDB_API_KEY"),
    ("hunter-api-key", "hunter", "{hex:40}", "HUNTER_API_KEY HUNTER_IO_KEY"),
    ("bitly-access-token", "bitlyaccesstoken", "{hex:40}", "BITLY_ACCESS_TOKEN BITLY_TOKEN"),
    ("getresponse-api-key", "getresponse", "{lan:32}", "GETRESPONSE_API_KEY"),
    ("honeycomb-api-key", "honeycomb", "{an:22}", "HONEYCOMB_API_KEY HONEYCOMB_WRITEKEY"),
    ("logzio-token", "logzio", "{uuid}", "LOGZIO_TOKEN LOGZ_IO_API_TOKEN"),
    ("statuspage-api-key", "statuspage", "{uuid}", "STATUSPAGE_API_KEY"),
    ("ipinfo-token", "ipinfo", "{hex:14}", "IPINFO_TOKEN"),
    ("elasticemail-api-key", "elasticemail", "{HEX:96}", "ELASTICEMAIL_API_KEY ELASTIC_EMAIL_API_KEY"),
    ("sparkpost-api-key", "sparkpost", "{hex:40}", "SPARKPOST_API_KEY"),
    ("smartsheet-token", "smartsheets", "{an:37}", "SMARTSHEET_ACCESS_TOKEN SMARTSHEET_TOKEN"),
    ("freshdesk-api-key", "freshdesk", "{an:20}", "FRESHDESK_API_KEY"),
    ("newsapi-key", "newsapi", "{hex:32}", "NEWSAPI_KEY NEWS_API_KEY"),
]

for kind, det, template, keys in TH_CONTEXT_POSITIVES:
    kw = keys.split()[0].split("_")[0].lower()
    K(kind, "trufflehog:" + det, template, mode="ctx", keys=keys, kw=kw, n=6)


def _secret_value():
    style = rnd.randrange(4)
    if style == 0:
        return chars(rnd.choice([32, 40, 48]), "an")
    if style == 1:
        return chars(rnd.choice([32, 64]), "hex")
    if style == 2:
        return chars(43, "url")
    return chars(24, "an") + "." + chars(16, "an")


K("password-assignment", "gitleaks:generic-api-key,gitleaks:hashicorp-tf-password,context", password, mode="ctx",
  keys="PASSWORD DB_PASSWORD MYSQL_ROOT_PASSWORD POSTGRES_PASSWORD ADMIN_PASSWORD REDIS_PASSWORD SMTP_PASSWORD "
       "LDAP_BIND_PASSWORD KEYSTORE_PASS PGPASSWORD RABBITMQ_DEFAULT_PASS PASSWD",
  shape="context: key names a password (password/passwd/pass); any non-placeholder value", n=16)
K("secret-assignment", "gitleaks:generic-api-key,context", _secret_value, mode="ctx",
  keys="CLIENT_SECRET API_KEY ACCESS_TOKEN SECRET_KEY AUTH_TOKEN APP_SECRET SIGNING_SECRET WEBHOOK_SECRET "
       "REFRESH_TOKEN PRIVATE_TOKEN SESSION_SECRET JWT_SECRET ENCRYPTION_KEY MASTER_KEY",
  shape="context: key names a secret/token/api key/credential; value 20+ chars of alnum/hex/base64url", n=16)
