"""Shared pieces: the seeded RNG, a tiny value-template language, the kind
registry and small helpers (JWTs, passwords, base64).

Value templates: literal text with `{...}` fields.
  {an:36}      36 chars of class `an`      {hex:32-40}  32..40 hex chars
  {|live|test} one of the alternatives      {uuid} / {UUID} a random UUID
"""
import base64
import json
import random
import re
import string

SEED = 20261123
rnd = random.Random(SEED)

L = string.ascii_lowercase
U = string.ascii_uppercase
D = string.digits

CLASSES = {
    "an": (L + U + D, "alnum"),
    "lan": (L + D, "lowercase alnum"),
    "uan": (U + D, "uppercase alnum"),
    "hex": ("0123456789abcdef", "hex"),
    "HEX": ("0123456789ABCDEF", "uppercase hex"),
    "dig": (D, "digits"),
    "low": (L, "lowercase letters"),
    "up": (U, "uppercase letters"),
    "let": (L + U, "letters"),
    "b64": (L + U + D + "+/", "base64 chars"),
    "url": (L + U + D + "_-", "base64url chars"),
    "lurl": (L + D + "_-", "lowercase alnum/_/-"),
    "w": (L + U + D + "_", "word chars"),
    "b32": (U + "234567", "base32 chars"),
    "bech": ("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", "bech32 chars"),
    "ah": ("abcdefgh0123456789", "a-h/0-9"),
}

FIELD = re.compile(r"\{([^}]*)\}")


def chars(n, cls="an"):
    alphabet = CLASSES[cls][0] if cls in CLASSES else cls
    return "".join(rnd.choice(alphabet) for _ in range(n))


def uuid4(upper=False):
    h = chars(32, "hex")
    h = h[:12] + "4" + h[13:16] + rnd.choice("89ab") + h[17:]
    s = "-".join([h[:8], h[8:12], h[12:16], h[16:20], h[20:]])
    return s.upper() if upper else s


def _field(spec):
    if spec.startswith("|"):
        return rnd.choice(spec[1:].split("|"))
    if spec == "uuid":
        return uuid4()
    if spec == "UUID":
        return uuid4(True)
    cls, _, count = spec.partition(":")
    if "-" in count:
        lo, hi = count.split("-")
        n = rnd.randint(int(lo), int(hi))
    else:
        n = int(count)
    return chars(n, cls)


def gen(template):
    """Expands a value template with the shared RNG."""
    out, pos = [], 0
    for m in FIELD.finditer(template):
        out.append(template[pos:m.start()])
        out.append(_field(m.group(1)))
        pos = m.end()
    out.append(template[pos:])
    return "".join(out)


def describe(template):
    """A short human description of a value template."""
    parts, pos = [], 0
    for m in FIELD.finditer(template):
        lit = template[pos:m.start()]
        if lit:
            parts.append("`%s`" % lit)
        spec = m.group(1)
        if spec.startswith("|"):
            parts.append("one of %s" % "/".join(spec[1:].split("|")))
        elif spec in ("uuid", "UUID"):
            parts.append("a %sUUID" % ("uppercase " if spec == "UUID" else ""))
        else:
            cls, _, count = spec.partition(":")
            parts.append("%s %s" % (count.replace("-", ".."), CLASSES[cls][1]))
        pos = m.end()
    if template[pos:]:
        parts.append("`%s`" % template[pos:])
    return " + ".join(parts)


def b64(data, urlsafe=False, pad=True):
    s = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(data).decode()
    return s if pad else s.rstrip("=")


def rbytes(n):
    return bytes(rnd.getrandbits(8) for _ in range(n))


def jwt(claims=None, header=None, sig_bytes=32):
    header = header or {"alg": rnd.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    now = 1795000000 + rnd.randrange(10 ** 6)
    claims = claims or {
        "sub": str(rnd.randrange(1000, 99999)),
        "iss": rnd.choice(["https://auth.example.com", "warroom", "api"]),
        "iat": now,
        "exp": now + 3600,
        "jti": chars(16, "lan"),
    }
    enc = lambda o: b64(json.dumps(o, separators=(",", ":")).encode(), True, False)
    sig = b64(rbytes(256 if header.get("alg") == "RS256" else sig_bytes), True, False)
    return "%s.%s.%s" % (enc(header), enc(claims), sig)


WORDS = ["amber", "orbit", "canyon", "falcon", "tulip", "ember", "quartz", "harbor",
         "willow", "copper", "meadow", "zephyr", "cobalt", "lantern", "violet", "granite"]
PW_SYMBOLS = "!#%^*_-.+~"


def password():
    """A plausible human or generated password with no shell/URL-hostile chars."""
    style = rnd.randrange(4)
    if style == 0:
        w = rnd.choice(WORDS)
        return w.capitalize() + str(rnd.randrange(10, 9999)) + rnd.choice(PW_SYMBOLS)
    if style == 1:
        return "-".join(rnd.choice(WORDS) for _ in range(3)) + str(rnd.randrange(10, 99))
    if style == 2:
        return chars(rnd.randint(14, 24), L + U + D + "!#%^*_")
    return "S3" + chars(3, "low") + rnd.choice(PW_SYMBOLS) + chars(6, "an") + str(rnd.randrange(10, 99))


def url_password():
    """A password that needs no percent-encoding inside a URL userinfo."""
    return chars(rnd.randint(12, 24), L + U + D + "_-.~")


def mark(value):
    return "\u27e6" + value + "\u27e7"


# ---------------------------------------------------------------- registry

class Kind:
    def __init__(self, kind, source, value=None, mode="token", keys=None, shape=None,
                 notes="", n=None, builder=None, kw=None):
        self.kind = kind
        self.source = source
        self.value = value
        self.mode = mode
        self.keys = keys.split() if isinstance(keys, str) else keys
        self.kw = kw
        if shape is None:
            shape = describe(value) if isinstance(value, str) else ""
            if mode == "ctx":
                shape = "context-only: key names %s; %s" % (kw or kind.split("-")[0], shape)
        self.shape = shape
        self.notes = notes
        self.n = n
        self.builder = builder

    def sample(self):
        return gen(self.value) if isinstance(self.value, str) else self.value()

    def key_names(self):
        if self.keys:
            return self.keys
        return [self.kind.upper().replace("-", "_").replace(".", "_")]


KINDS = []
LISTED = []  # (kind, source, shape, notes): formats.tsv rows without positives


def K(kind, source, value, mode="token", keys=None, shape=None, notes="", n=None, kw=None):
    KINDS.append(Kind(kind, source, value, mode, keys, shape, notes, n, kw=kw))


def C(kind, source, shape, builder, notes=""):
    """A kind with its own line builder: builder() -> [(framing, line), ...]."""
    KINDS.append(Kind(kind, source, shape=shape, notes=notes, builder=builder, mode="custom"))


# ---------------------------------------------------------------- log bits

HOSTS = ["web-1", "web-2", "api-3", "worker-4", "db-1", "bastion", "ci-runner-7", "edge-2"]
APPS = ["api", "billing", "deployer", "sync-agent", "notifier", "gateway", "cron", "ingest"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def ctx():
    """Random but deterministic filler for templates."""
    mi, d, h, m, s = rnd.randrange(12), rnd.randint(1, 28), rnd.randrange(24), rnd.randrange(60), rnd.randrange(60)
    return {
        "mon": MONTHS[mi], "d": "%2d" % d, "hms": "%02d:%02d:%02d" % (h, m, s),
        "iso": "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (mi + 1, d, h, m, s, rnd.randrange(1000)),
        "clf": "%02d/%s/2026:%02d:%02d:%02d +0000" % (d, MONTHS[mi], h, m, s),
        "host": rnd.choice(HOSTS), "app": rnd.choice(APPS), "pid": rnd.randrange(300, 65000),
        "n": rnd.randrange(100, 2000), "ip": "10.%d.%d.%d" % (rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255)),
        "user": rnd.choice(["alice", "bob", "deploy", "root", "ops", "svc-ci", "mallory"]),
        "ms": rnd.randrange(2, 900),
        "H": "%s %s %02d:%02d:%02d %s" % (MONTHS[mi], "%2d" % d, h, m, s, HOSTS[(h + m) % len(HOSTS)]),
    }


def syslog_prefix(c=None, app=None):
    c = c or ctx()
    return "%s %s %s %s %s[%d]:" % (c["mon"], c["d"], c["hms"], c["host"], app or c["app"], c["pid"])


def lower_key(key):
    return key.lower()


def camel_key(key):
    parts = key.lower().split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])
