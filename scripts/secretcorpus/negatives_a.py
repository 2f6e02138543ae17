"""Look-alikes, part A: identifiers, hashes and other high-entropy strings that
are not secrets (git SHAs, trace/request ids, UUIDs, ETags, checksums and
digests, base64 payloads, versions, container ids, AWS ARNs, colours, MACs,
IPv6, timestamps, public keys and certificates, provider object ids).
"""
from .common import b64, chars, ctx, rbytes, rnd, syslog_prefix, uuid4
from .framings import fill

NEG = []  # (kind, line)


def emit(kind, templates, n, extra=None, vary=False):
    """n lines from templates; vary=True also embeds plain templates in a
    syslog or logfmt line so static look-alikes appear in several framings."""
    for i in range(n):
        c = ctx()
        c.update(P=syslog_prefix(c), sha=chars(40, "hex"), s7=chars(7, "hex"), s7b=chars(7, "hex"), s12=chars(rnd.randint(8, 12), "hex"),
                 h16=chars(16, "hex"), h32=chars(32, "hex"), h64=chars(64, "hex"), uuid=uuid4(), UUID=uuid4(True),
                 acct="%012d" % rnd.randrange(10 ** 11, 10 ** 12), hn="%5d" % rnd.randrange(100, 2000))
        if extra:
            c.update(extra())
        t = templates[i % len(templates)]
        if vary and "«P»" not in t and "«H»" not in t and t[0] not in '{ "<-+$':
            t = rnd.choice([t, "«P» " + t, "ts=«iso» level=info " + t, "«iso» INFO " + t])
        NEG.append((kind, fill(t, c)))


MSGS = ["fix auth token refresh race", "rotate api keys after INC-2041", "remove hardcoded password from tests",
        "session: extend ttl to 3600s", "bump secret-store client to 2.4.1", "docs: explain credential rotation",
        "add key rotation runbook", "handle expired bearer tokens"]

emit("git-sha", [
    "commit «sha»", "commit «sha» (HEAD -> main, origin/main)", "Merge: «s7» «s7b»", "HEAD is now at «s7» «m»",
    "[main «s7»] «m»", "Updating «s7»..«s7b»", "   «s7»..«s7b»  main       -> origin/main", "* «s7» - «m» (2 days ago) <alice>",
    "«P» deploy: rev=«sha» env=prod status=ok", '{"ts":"«iso»","level":"info","msg":"deployed","git_sha":"«sha»","service":"api"}',
    'ts=«iso» level=info msg="build finished" commit=«s12» branch=main', "Checking out «sha» as detached HEAD",
    "    revision: «sha»", "  image: registry.example.com/api:«s7»", "HEAD detached at «s7»", "«hn»  git revert --no-edit «s7»",
    "+ git checkout -q «sha»", '{"log":"{\\"msg\\":\\"checkout\\",\\"ref\\":\\"«sha»\\"}\\n","stream":"stdout"}',
    "«P» argocd: app api synced to «sha» (auto)", "Fast-forward «s7»..«s7b»",
], 100, lambda: {"m": rnd.choice(MSGS)})

emit("trace-id", [
    "traceparent: 00-«h32»-«h16»-01", "«P» request done trace_id=«h32» span_id=«h16» status=200",
    '{"ts":"«iso»","traceId":"«h32»","spanId":"«h16»","msg":"GET /v1/jobs 200"}', "X-Request-Id: «uuid»",
    "x-amzn-trace-id: Root=1-«a»-«b»", "X-B3-TraceId: «h16»", "X-Cloud-Trace-Context: «h32»/«d»;o=1",
    'ts=«iso» level=info request_id=«uuid» method=POST path=/api/v1/orders status=201', '{"requestId":"«uuid»","latency_ms":«ms»}',
    "X-Correlation-ID: «uuid»", "«P» [«uuid»] Completed 200 OK in «ms»ms", "otel: exported span «h16» of trace «h32»",
    'ts=«iso» msg="upstream call" dd.trace_id=«d19» dd.span_id=«d19»', "  trace_id: «h32»",
], 110, lambda: {"a": chars(8, "hex"), "b": chars(24, "hex"), "d": rnd.randrange(10 ** 9), "d19": rnd.randrange(10 ** 18, 10 ** 19)})

emit("uuid", [
    "«P» user «uuid» logged in from «ip»", '{"order_id":"«uuid»","status":"shipped","items":3}', "tenant_id=«uuid» plan=pro seats=12",
    "kubelet: pod uid «uuid» volume mounted", "pv pvc-«uuid» bound to claim data-postgres-0", "job «uuid» finished in «ms»ms",
    'ts=«iso» level=info msg="webhook delivered" delivery_id=«uuid» attempt=1', "Idempotency-Key: «uuid»",
    '{"deviceId":"«UUID»","os":"ios 17.1"}', "    uid: «uuid»", "+ terraform import aws_instance.web «uuid»",
    '{"log":"{\\"event\\":\\"created\\",\\"id\\":\\"«uuid»\\"}\\n","stream":"stdout"}',
], 90)

emit("etag", [
    'ETag: "«h32»"', 'etag: W/"«sha»"', 'If-None-Match: "«h32»-«d»"', '{"key":"backups/db.tar","etag":"\\"«h32»\\"","size":104857600}',
    '< ETag: "«h16»-«h16»"', '«P» s3: PUT backups/app.tar.gz etag="«h32»" bytes=«n»', "ts=«iso» msg=\"cache revalidated\" etag=«h32»",
], 50, lambda: {"d": rnd.randint(2, 40)})

emit("checksum", [
    "«h64»  app-linux-amd64.tar.gz", "«h32»  backup-2026-11-23.sql.gz", "Digest: sha256:«h64»", "Status: Downloaded newer image for nginx@sha256:«h64»",
    '  "integrity": "sha512-«i»==",', "  image: ghcr.io/acme/api@sha256:«h64»", "Content-MD5: «md5»", "sha1sum: «sha»  vendor.tgz",
    '{"artifact":"api.tar","sha256":"«h64»","size":«n»}', "ts=«iso» msg=\"verified download\" checksum=sha256:«h64»",
    "x-amz-checksum-sha256: «c44»", "resolved \"https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#«sha»\"",
    "«H» containerd[«pid»]: pulled image sha256:«h64» in «ms»ms", "MD5 («f») = «h32»", "      checksum: «h64»",
    "+ echo «h64» app.tar.gz | sha256sum -c", "SHA256 (release.zip) = «h64»",
], 140, lambda: {"i": b64(rbytes(64))[:86], "md5": b64(rbytes(16)), "c44": b64(rbytes(32)), "f": rnd.choice(["nginx.conf", "app.jar", "db.dump"])})

emit("base64-payload", [
    '{"ts":"«iso»","event":"message.received","payload":"«p»"}', "ts=«iso» level=debug msg=\"queue message\" body_b64=«p»",
    '{"attachment":{"name":"report.txt","content":"«p»"}}', '"thumbnail":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA«img»"',
    "«P» kafka: consumed offset=«n» value=«p»", '{"node_id":"MDQ6VXNlcj«nid»","login":"octocat"}', "  content: «p»",
    '{"cursor":"«p»","has_more":true}',
], 70, lambda: {"p": b64(rnd.choice(["order 4411 shipped to warehouse 3", "hello from the worker pool", "retry budget exhausted for job 812",
                                     "user 4411 updated profile picture", "nightly report: 12 jobs, 0 failures"]).encode()),
                "img": b64(rbytes(30)), "nid": b64(str(rnd.randrange(10 ** 6, 10 ** 8)).encode())})

emit("version", [
    "«P» starting api v«v» (go1.22.«d», linux/amd64)", '{"service":"api","version":"«v»","build":"«v»+build.«s7»"}', "Server: nginx/1.25.«d»",
    "Linux «host» 6.8.0-45-generic #45-Ubuntu SMP x86_64 GNU/Linux", "OpenSSL 3.0.«d» 30 Jan 2024", "node v20.11.«d»", "app_version=2026.11.«d» chart=api-1.4.«d»",
    "Successfully installed requests-2.31.0 urllib3-2.2.«d»", "    image: postgres:16.«d»-alpine", "helm: upgraded release api to chart version «v»",
], 60, lambda: {"v": "%d.%d.%d" % (rnd.randint(0, 9), rnd.randint(0, 40), rnd.randint(0, 20)), "d": rnd.randint(0, 30)})

emit("container-id", [
    "«H» dockerd[«pid»]: container «h64» started", "«H» containerd[«pid»]: shim for container «h64» exited", "Started container «s12»",
    "docker: container «s12» exited with code 0", "«H» crio[«pid»]: Created container «h64»: kube-system/coredns-5d78c9869d-x2x9k/coredns",
    '{"container_id":"«h64»","image":"nginx:1.25","state":"running"}', "HOSTNAME=«s12»", "  containerID: containerd://«h64»",
], 60)

emit("aws-arn", [
    "arn:aws:iam::«acct»:role/deploy", "«P» sts: AssumeRole by arn:aws:sts::«acct»:assumed-role/ci/1732331647", "account_id=«acct» region=eu-west-1",
    '{"AccountId":"«acct»","Arn":"arn:aws:iam::«acct»:user/alice"}', "secret_arn=arn:aws:secretsmanager:eu-west-1:«acct»:secret:prod/db-«r6»",
    "kms_key_id=arn:aws:kms:eu-west-1:«acct»:key/«uuid»", "s3://acme-logs-«acct»/AWSLogs/«acct»/CloudTrail/", "  role_arn: arn:aws:iam::«acct»:role/gha-oidc",
    '"Principal":{"AWS":"arn:aws:iam::«acct»:root"}', "AWS_REGION=eu-west-1 AWS_DEFAULT_OUTPUT=json",
], 60, lambda: {"r6": chars(6, "let")})

emit("colour-mac-ip-time", [
    "color=#«c6»", '{"theme":{"primary":"#«c6»","accent":"#«c3»"}}', "«P» eth0: link up, hwaddr «mac»", "src=2001:db8::«i6» dst=fe80::1ff:fe23:«i6»",
    "ts=«ms13» level=info msg=tick", "2026-11-23T03:14:07.«ns»Z INFO tick", "epoch_ns=«ms13»«d6»", "arp: who-has 10.0.0.1 tell 10.0.0.5 («mac»)",
    "«P» dhcpd: DHCPACK on 10.0.3.17 to «mac» via eth1", "  fill: '#«c6»'",
], 80, lambda: {"c6": chars(6, "hex"), "c3": chars(3, "hex"), "mac": ":".join(chars(2, "hex") for _ in range(6)),
                "i6": "%x:%x" % (rnd.randrange(65536), rnd.randrange(65536)), "ms13": rnd.randrange(10 ** 12, 2 * 10 ** 12),
                "ns": "%09d" % rnd.randrange(10 ** 9), "d6": "%06d" % rnd.randrange(10 ** 6)})

emit("public-key", [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI«e» alice@laptop", "«H» sshd[«pid»]: Accepted publickey for deploy from «ip» port 52144 ssh2: ED25519 SHA256:«fp»",
    "ECDSA key fingerprint is SHA256:«fp».", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ«r» deploy@ci",
    "-----BEGIN CERTIFICATE-----\\nMIID«cert»\\n-----END CERTIFICATE-----", '{"public_key":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE«pk»\\n-----END PUBLIC KEY-----"}',
    "  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t«cb»", "gpg: key «h16»: public key \"Release Signing <release@example.com>\" imported",
], 60, lambda: {"e": b64(rbytes(32)), "fp": b64(rbytes(32), pad=False), "r": b64(rbytes(180)), "cert": b64(rbytes(300)),
                "pk": b64(rbytes(48)), "cb": b64(rbytes(60))})

emit("provider-object-id", [
    '{"customer":"cus_«a14»","payment_intent":"pi_«a24»","amount":1200}', "stripe: charge ch_«a24» succeeded (request req_«a14»)",
    "«P» slack: posted to channel=C0«U8» user=U0«U8b» team=T0«U8c»", "evt_«a24» type=invoice.paid", "price_«a24» product=prod_«a14»",
    '{"subscription":"sub_«a24»","status":"active"}', "twilio: message SM«h32» queued", "github: installation 4411 repo_id=«n» run_id=«n»",
], 60, lambda: {"a14": chars(14, "an"), "a24": chars(24, "an"), "U8": chars(8, "uan"), "U8b": chars(8, "uan"), "U8c": chars(8, "uan")})
