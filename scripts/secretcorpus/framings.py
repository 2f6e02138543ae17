"""Log framings for key/value kinds (everything except the custom-built kinds
in context.py). A template is (flags, text) with «name» placeholders:

  «v» the marked secret        «K» KEY_NAME   «k» key_name   «kc» keyName
  «kd» key-name   «P» a syslog prefix   «hn» a bash-history number
  plus the filler fields of common.ctx() («iso», «ip», «clf», ...).

Flags: b = no key next to the value (only for self-identifying tokens),
u = value must be URL-safe, s/y/l = unquoted shell/YAML/logfmt value, quoted
automatically when the value needs it.
"""
import re

from .common import camel_key, ctx, mark, rnd, syslog_prefix

T = {
    "syslog": [
        ("", "«P» loaded settings from /etc/«app»/env: «K»=«v»"),
        ("", "«P» WARN config value «k»=«v» is deprecated, move it to vault"),
        ("", "«P» starting worker pid=«pid» «k»=«v» region=eu-west-1"),
        ("", "«P» debug: outbound headers={'«kd»': '«v»', 'accept': 'application/json'}"),
        ("b", "«P» upstream returned 401 for credential «v»"),
        ("b", "«P» rotating key «v» (age 92d)"),
        ("b", "«H» sudo: «user» : TTY=pts/1 ; PWD=/home/«user» ; USER=root ; COMMAND=/usr/local/bin/deploy --token «v»"),
    ],
    "json": [
        ("", '{"ts":"«iso»","level":"info","msg":"config loaded","«k»":"«v»","pid":«pid»}'),
        ("", '{"time":"«iso»","severity":"DEBUG","logger":"settings","env":{"«K»":"«v»","TZ":"UTC"}}'),
        ("", '{"@timestamp":"«iso»","log.level":"warn","message":"retrying","«kc»":"«v»","attempt":3}'),
        ("b", '{"ts":"«iso»","level":"error","msg":"upstream rejected credential «v»","status":401}'),
        ("b", '{"ts":"«iso»","level":"debug","msg":"request","headers":{"authorization":"Bearer «v»"}}'),
    ],
    "json-escaped": [
        ("", r'{"log":"{\"level\":\"debug\",\"«k»\":\"«v»\"}\n","stream":"stdout","time":"«iso»"}'),
        ("", r'{"ts":"«iso»","msg":"payload={\"«kc»\":\"«v»\",\"retry\":2}","level":"debug"}'),
        ("", r'{"kind":"Event","message":"applied config {\"env\":{\"«K»\":\"«v»\"}}","ts":"«iso»"}'),
        ("b", r'{"log":"error: credential \"«v»\" was revoked\n","stream":"stderr","time":"«iso»"}'),
    ],
    "logfmt": [
        ("l", 'ts=«iso» level=info msg="settings loaded" «k»=«v» pid=«pid»'),
        ("", 'time="«iso»" level=debug component=client «k»="«v»" retries=2'),
        ("l", "level=warn ts=«iso» caller=config.go:88 msg=\"using credential from env\" «K»=«v»"),
        ("bl", 'ts=«iso» level=error msg="credential rejected" cred=«v» status=401'),
    ],
    "shell": [
        ("s", "+ export «K»=«v»"),
        ("s", "+ «K»=«v»"),
        ("", '«hn»  export «K»="«v»"'),
        ("s", "$ «K»=«v» ./bin/deploy --env prod"),
        ("b", '«hn»  curl -sS -H "Authorization: Bearer «v»" https://api.example.com/v1/status'),
        ("bs", "+ ./deploy --token «v» --env staging"),
        ("bs", "«hn»  echo «v» | docker login --password-stdin -u ci registry.example.com"),
    ],
    "env": [
        ("s", "«K»=«v»"),
        ("", '«K»="«v»"'),
        ("", '                "«K»=«v»",'),
        ("", 'declare -x «K»="«v»"'),
    ],
    "url": [
        ("u", '«ip» - - [«clf»] "GET /api/v1/export?«k»=«v»&page=2 HTTP/1.1" 200 «n» "-" "python-requests/2.31.0"'),
        ("u", "«P» proxy: GET https://hooks.example.com/ingest?source=ci&«k»=«v» -> 403 («ms»ms)"),
        ("u", 'ts=«iso» level=info msg=redirect location="https://app.example.com/callback?state=af31&«k»=«v»"'),
        ("bu", '«ip» - - [«clf»] "GET /v2/sync?access_token=«v» HTTP/1.1" 401 «n» "-" "Go-http-client/1.1"'),
        ("bu", "«P» GET https://api.example.com/v1/me?token=«v» 200 «ms»ms"),
    ],
    "yaml": [
        ("y", "  «k»: «v»"),
        ("", '  «k»: "«v»"'),
        ("y", "      «K»: «v»"),
        ("y", "  «kd»: «v»"),
    ],
    "stacktrace": [
        ("", "ValueError: invalid «k» '«v»'"),
        ("", "Caused by: com.example.client.ConfigException: bad value for «k»: «v»"),
        ("", "KeyError: 'scope' (locals: «k»='«v»', retries=3)"),
        ("", "    at Client.request (/srv/app/node_modules/sdk/lib/client.js:214:11) config.headers.«kc»=«v»"),
        ("u", "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.example.com/v1/items?«k»=«v»"),
        ("b", "panic: auth: credential «v» rejected by server [recovered]"),
        ("b", "java.lang.IllegalStateException: Token «v» has expired"),
    ],
}

FRAMINGS = list(T)
URL_SAFE = re.compile(r"[A-Za-z0-9._~-]+\Z")
SHELL_SAFE = re.compile(r"[A-Za-z0-9._/+=:@%,-]+\Z")
YAML_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+=-]*\Z")
LOGFMT_SAFE = re.compile(r"[^\s\"=]+\Z")
PH = re.compile("«([A-Za-z0-9]+)»")


def fill(text, fields):
    return PH.sub(lambda m: str(fields[m.group(1)]), text)


def _value(flags, value):
    v = mark(value)
    if "s" in flags and not SHELL_SAFE.match(value):
        return "'" + v + "'"
    if "y" in flags and not YAML_SAFE.match(value):
        return '"' + v + '"'
    if "l" in flags and not LOGFMT_SAFE.match(value):
        return '"' + v + '"'
    return v


def usable(flags, value, bare_ok):
    if "b" in flags and not bare_ok:
        return False
    if "u" in flags and not URL_SAFE.match(value):
        return False
    return True


def render(framing, key, value, bare_ok):
    """One line of `framing` carrying `value` under `key` (UPPER_SNAKE)."""
    choices = [(f, t) for f, t in T[framing] if usable(f, value, bare_ok)]
    if not choices:
        return None
    flags, text = rnd.choice(choices)
    c = ctx()
    fields = dict(c)
    fields.update(K=key, k=key.lower(), kc=camel_key(key), kd=key.lower().replace("_", "-"),
                  P=syslog_prefix(c), hn="%5d" % rnd.randrange(100, 2000), v=_value(flags, value))
    return fill(text, fields)


def kv_lines(kind, n):
    """n (framing, line) pairs for a registry kind, spread over framings."""
    bare_ok = kind.mode == "token"
    order = FRAMINGS[:]
    rnd.shuffle(order)
    out, i, misses = [], 0, 0
    while len(out) < n and misses < 50:
        framing = order[i % len(order)]
        i += 1
        line = render(framing, rnd.choice(kind.key_names()), kind.sample(), bare_ok)
        if line is None:
            misses += 1
            continue
        out.append((framing, line))
    return out
