"""Look-alikes, part B: secret-ish words where there is no secret -- prose,
non-secret values under secret-ish keys, placeholders and redaction markers,
commands that prompt for or read a password instead of carrying one, k8s
names and paths, money, API paths, stack traces, auth/sshd log lines, and
build metadata in environment dumps.
"""
from .common import chars
from .negatives_a import emit

emit("prose", [
    "«P» session started for user 4411", "«P» auth failed: invalid token", '{"ts":"«iso»","level":"warn","msg":"auth failed: invalid token","user_id":4411}',
    "ts=«iso» level=info msg=\"password reset email sent\" user_id=4411", "«P» token refresh succeeded for client web (expires in 3600s)",
    "«P» rotating api keys as part of incident INC-2041", "ts=«iso» level=warn msg=\"Bearer token missing\" path=/v1/jobs",
    "«P» secret rotated by alice, new version 7 is active", '{"msg":"credential check passed","user":"bob","mfa":true}',
    "NOTE: AWS access keys start with AKIA; temporary ones start with ASIA.", "«P» deprecation: sk- keys are no longer accepted, use scoped keys",
    "Reminder: GitHub tokens (ghp_ prefix) must be rotated every 90 days.", "«P» api key revoked for integration zendesk by admin",
    "ts=«iso» level=error msg=\"Authorization header missing\" status=401", "«P» invalid credentials for user bob from «ip»",
    "policy: password must contain at least 12 characters", "«P» session expired, redirecting to /login", "«P» keys rotated: 3, failed: 0",
    '{"level":"info","msg":"token bucket refilled","tokens":100}', "«P» the private key is stored in vault, not on disk",
    "INC-2041 timeline: 03:12 leaked token detected, 03:15 token revoked, 03:20 secret rotated", "«P» passwordless login enabled for tenant acme",
    '{"log":"auth ok for user 4411\\n","stream":"stdout","time":"«iso»"}', "«P» Starting session 42 of user alice.",
    "«P» bearer auth disabled on /healthz", "«P» generating new signing key (kid=2026-11) ... done",
], 160, vary=True)

emit("key-position-non-secret", [
    "ts=«iso» component=auth level=info msg=ready", '{"session_id": 4411, "user": "alice"}', "ts=«iso» model=gpt token_count=512 latency_ms=«ms»",
    "ts=«iso» password_reset_requested=true user_id=4411", "«P» check auth=ok db=ok cache=ok", "auth_method=oidc provider=okta",
    '{"token_type":"Bearer","expires_in":3600,"scope":"read:jobs"}', "grant_type=client_credentials scope=api", "key_size=2048 key_type=rsa",
    "api_version=2 session_ttl=3600 max_tokens=4096", "password_min_length=12 password_max_age_days=90", "secret_name=db-credentials namespace=prod",
    "key_file=/etc/ssl/private/server.key cert_file=/etc/ssl/certs/server.crt", "token_path=/var/run/secrets/kubernetes.io/serviceaccount/token",
    "password_file=/run/secrets/db_password", 'auth_url="https://login.example.com/oauth2/token"', "credential_source=env credentials_loaded=true",
    '{"secret": false, "public": true}', "apikey_enabled=true token_expires_in=3600 session_count=12", "s3: PUT key=logs/2026/11/23/app.log.gz size=«n»",
    "cache_key=user:4411:profile hit=true", "partition_key=tenant-42 sort_key=created_at", '{"keyId":"alias/prod-db","algorithm":"SYMMETRIC_DEFAULT"}',
    "signing_key_id=k1 jwks_uri=https://auth.example.com/.well-known/jwks.json", "private_key_path=/home/deploy/.ssh/id_ed25519",
    "«P» token_bucket capacity=100 rate=10/s", "auth: true", "    secretName: tls-api", "      key: password", "    tokenTTL: 1h",
    '{"authorization":"granted","reason":"role:admin"}', "auth_provider=okta auth_duration_ms=«ms»", "  passwordPolicy: strong",
    '{"password_changed_at":"«iso»","password_expired":false}', "ts=«iso» msg=\"login\" session=new user_id=4411", "secret_version=7 secret_state=ENABLED",
    "    - secretRef:", "          name: app-env", "api_key_id=42 api_key_name=ci-readonly", "tokens_used=1532 tokens_remaining=8468",
], 240, vary=True)

emit("placeholder", [
    "token=<redacted>", "password=********", "api_key=${API_KEY}", "password=xxx", "secret=", '{"password": null, "user": "svc"}', '{"token": ""}',
    '  password: "{{ .Values.db.password }}"', "      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}", "api_key=[REDACTED]", "password=[FILTERED]",
    "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY", "+ TOKEN=$(cat /var/run/secrets/token)", "password=%s", "client_secret=<your-client-secret>",
    "Authorization: Bearer <token>", "Authorization: Bearer $TOKEN", 'curl -H "Authorization: Bearer ${ACCESS_TOKEN}" https://api.example.com',
    "password=REDACTED", '{"secret":"***"}', "  private_key: <<redacted>>", "DB_PASSWORD=", "export API_KEY=",
    "«P» config: password=<hidden> user=app", '{"api_key":"REDACTED","region":"eu"}', "token: xxxxxxxxxxxxxxxxxxxx", "password: '*****'",
    "secret_key = os.environ['SECRET_KEY']", "${{ secrets.NPM_TOKEN }}", "  api_key: !vault |", "  password: ENC[AES256_GCM,data:...,type:str]",
    "Authorization: Basic <base64 user:pass>", "  token: <path:secret/data/app#token>", "ANTHROPIC_API_KEY=sk-ant-...",
], 150, vary=True)

emit("no-inline-password", [
    "+ mysql -u root -p -h db-1 app", "«hn»  mysql -u root -p", "+ redis-cli -a \"$REDIS_PASSWORD\" ping", "+ sshpass -f /run/secrets/ssh_pass ssh deploy@10.0.3.4",
    "+ sshpass -e ssh deploy@10.0.3.4", "«hn»  curl -u admin https://jenkins.example.com/api/json", "+ docker login --password-stdin -u ci registry.example.com",
    "DATABASE_URL=postgres://app@db-1:5432/app", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db-1:5432/app", "REDIS_URL=redis://cache-1:6379/0",
    "git clone https://github.com/acme/api.git", "https://user@github.com/acme/api.git", "+ openssl rsa -in key.enc -passin env:KEY_PASS -out key.pem",
    "+ openssl pkcs12 -in a.p12 -passin file:/run/secrets/p12pass", "+ htpasswd -B /etc/nginx/.htpasswd alice", "«hn»  ssh -i ~/.ssh/id_ed25519 deploy@bastion",
    "+ kubectl --token=\"$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)\" get pods", "mongodb://mongo-0:27017/admin?replicaSet=rs0",
    "+ vault login -method=oidc", "«hn»  gh auth login --with-token < token.txt", "amqp://rabbit-1:5672/%2f", "ftp://ftp.example.com/pub/",
    "+ psql -h db-1 -U app -W app", "jdbc:postgresql://db-1:5432/app?ssl=true", "«hn»  passwd alice", "+ chpasswd < /root/users.txt",
], 100)

emit("k8s-name-path", [
    "pod/api-7d9f8b6c5d-«k5» condition met", "replicaset.apps/api-5f6d7c8b9 scaled to 3", "node ip-10-0-3-17.eu-west-1.compute.internal Ready",
    "/var/lib/kubelet/pods/«uuid»/volumes/kubernetes.io~secret/default-token-«k5»", "secret/default-token-«k5» created",
    "serviceaccount token mounted at /var/run/secrets/kubernetes.io/serviceaccount/token", "configmap/kube-root-ca.crt unchanged",
    "Normal  Pulled  12s  kubelet  Successfully pulled image \"ghcr.io/acme/api:1.4.2\"", "web-1.prod.example.com:443 connected",
    "«P» mounting /etc/secrets/db (read-only)", "secret \"api-keys\" deleted", "job.batch/rotate-credentials-28912345 created",
    "sealedsecret.bitnami.com/db-password unchanged", "externalsecret.external-secrets.io/api-token SecretSynced", "  name: auth-service-6c9f7d8b5-«k5»",
], 80, lambda: {"k5": chars(5, "lan")}, vary=True)

emit("money-shell-dollar", [
    "upgrade costs $6 per month per seat", "«P» billing: plan changed to pro ($5/mo)", "budget alert: $1,200 of $2,000 used", "price_usd=6.00 currency=USD",
    "awk -F: '{print $1\":\"$6}' /etc/passwd", "+ sed -i 's/$/;/' out.csv", "«hn»  awk '{sum+=$5} END {print sum}' sizes.txt", "echo \"$1 $2 $3\"",
    "we raised $2b in 2021 and $5m in 2019", "invoice total: $6.00 (tax $0.48)",
], 40, vary=True)

emit("api-path", [
    '«ip» - - [«clf»] "GET /api/v1/tokens?page=2 HTTP/1.1" 200 «n» "-" "curl/8.5.0"', '«ip» - - [«clf»] "POST /auth/login HTTP/1.1" 200 «n» "-" "Mozilla/5.0"',
    '«ip» - - [«clf»] "DELETE /api/keys/42 HTTP/1.1" 204 0 "-" "terraform/1.9"', "route=/secrets/:name method=GET handler=SecretsController#show",
    '{"path":"/v1/sessions/4411","method":"GET","status":200}', "«P» GET /oauth/authorize?client_id=web&response_type=code&state=af31 302",
    '«ip» - - [«clf»] "GET /password/reset?user=4411 HTTP/1.1" 200 «n» "-" "Mozilla/5.0"', "«P» POST /api/v2/credentials/verify 200 «ms»ms",
], 60)

emit("stacktrace", [
    "    at com.example.auth.TokenService.refresh(TokenService.java:88)", '  File "/srv/app/auth/session.py", line 42, in validate_token',
    "AuthenticationError: invalid token", "jwt.exceptions.ExpiredSignatureError: Signature has expired", "KeyError: 'password'",
    "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x«pc»]",
    "goroutine 42 [running]:\\n\\tmain.(*Auth).Check(0xc000«gp»)", "Caused by: javax.crypto.BadPaddingException: Given final block not properly padded",
    "    raise InvalidCredentials('password mismatch for user %s' % user_id)", "Error: secretOrPrivateKey must have a value",
    "botocore.exceptions.NoCredentialsError: Unable to locate credentials", "org.springframework.security.authentication.BadCredentialsException: Bad credentials",
], 70, lambda: {"pc": chars(6, "hex"), "gp": chars(6, "hex")})

emit("auth-log", [
    "«H» sshd[«pid»]: Accepted password for alice from «ip» port 52144 ssh2", "«H» sshd[«pid»]: Failed password for invalid user admin from «ip» port 40022 ssh2",
    "«H» sshd[«pid»]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
    "«H» sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice",
    "«H» systemd-logind[«pid»]: New session 42 of user alice.", "«H» passwd[«pid»]: pam_unix(passwd:chauthtok): password changed for alice",
    "«H» chpasswd[«pid»]: password for 'bob' changed by 'root'", "«H» usermod[«pid»]: change user 'deploy' password",
    "«H» sshd[«pid»]: Connection closed by authenticating user root «ip» port 22 [preauth]", "«P» vault: token renewed accessor=hmac-sha256:«h64»",
], 80)

emit("env-build-metadata", [
    "GIT_COMMIT=«sha»", "GITHUB_SHA=«sha»", "CI_COMMIT_SHA=«sha»", "SOURCE_VERSION=«sha»", "IMAGE_DIGEST=sha256:«h64»",
    "CI_COMMIT_SHORT_SHA=«s7»", "BUILD_ID=«uuid»", "                \"GIT_REVISION=«sha»\",",
], 24)
