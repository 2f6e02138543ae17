"""Provider formats with a fixed prefix or distinctive structure, as listed in
gitleaks' default configuration (cross-referenced to trufflehog/secretlint
where they list the same format). Values are random; only the shape is real.
"""
import json

from .common import K, b64, chars, gen, jwt, rnd


def _op_service_account():
    blob = {
        "signInAddress": "my.1password.com",
        "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000,
                     "salt": b64(bytes(rnd.getrandbits(8) for _ in range(16)), True, False)},
        "email": chars(13, "lan") + "@1passwordserviceaccounts.com",
        "srpX": chars(64, "hex"),
        "muk": {"alg": "A256GCM", "ext": True, "k": chars(43, "url"),
                "key_ops": ["decrypt", "encrypt"], "kty": "oct", "kid": "mp"},
        "secretKey": gen("A3-{uan:6}-{uan:6}-{uan:5}-{uan:5}-{uan:5}-{uan:5}"),
        "throttleSecret": {"seed": chars(64, "hex"), "deviceUuid": chars(26, "lan")},
        "deviceUuid": chars(26, "lan"),
    }
    return "ops_" + b64(json.dumps(blob, separators=(",", ":")).encode())


def _bedrock_short():
    q = ("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
         "&X-Amz-Credential=ASIA%s%%2F20261123%%2Fus-east-1%%2Fbedrock%%2Faws4_request"
         "&X-Amz-Date=20261123T031400Z&X-Amz-Expires=43200&X-Amz-Security-Token=%s"
         "&X-Amz-Signature=%s&Version=1") % (chars(16, "b32"), chars(180, "url"), chars(64, "hex"))
    return "bedrock-api-key-" + b64(q.encode())


def _openai():
    style = rnd.randrange(3)
    if style == 0:
        return gen("sk-proj-{url:74}T3BlbkFJ{url:74}")
    if style == 1:
        return gen("sk-svcacct-{url:58}T3BlbkFJ{url:58}")
    return gen("sk-{an:20}T3BlbkFJ{an:20}")


def _sentry_org():
    body = {"iat": 1795000000 + rnd.random(), "url": "https://sentry.io",
            "region_url": "https://us.sentry.io", "org": rnd.choice(["acme", "warroom", "initech"])}
    return "sntrys_" + b64(json.dumps(body, separators=(",", ":")).encode(), pad=False) + "_" + chars(43, "b64")


def _twitter_bearer():
    return "A" * 22 + gen("{an:20}%2B{an:18}%3D{an:50}")


GH = "trufflehog:github,secretlint:github"
GL = "trufflehog:gitlab,secretlint:gitlab"
SL = "trufflehog:slack,secretlint:slack"

K("1password-secret-key", "gitleaks:1password-secret-key", "A3-{uan:6}-{uan:11}-{uan:5}-{uan:5}-{uan:5}", keys="OP_SECRET_KEY ONEPASSWORD_SECRET_KEY")
K("1password-service-account-token", "gitleaks:1password-service-account-token,secretlint:1password", _op_service_account,
  shape="`ops_` + base64 of a JSON object (starts `eyJ`, ends `fQ`), 600+ chars", keys="OP_SERVICE_ACCOUNT_TOKEN")
K("adobe-client-secret", "gitleaks:adobe-client-secret", "p8e-{an:32}", keys="ADOBE_CLIENT_SECRET")
K("age-secret-key", "gitleaks:age-secret-key", "AGE-SECRET-KEY-1{bech:58}", keys="AGE_SECRET_KEY SOPS_AGE_KEY")
K("airtable-pat", "gitleaks:airtable-personnal-access-token,trufflehog:airtablepersonalaccesstoken", "pat{an:14}.{hex:64}", keys="AIRTABLE_TOKEN AIRTABLE_PAT")
K("alibaba-access-key-id", "gitleaks:alibaba-access-key-id,trufflehog:alibaba", "LTAI{an:20}", keys="ALIBABA_CLOUD_ACCESS_KEY_ID ALICLOUD_ACCESS_KEY")
K("anthropic-admin-api-key", "gitleaks:anthropic-admin-api-key,trufflehog:anthropic", "sk-ant-admin01-{url:93}AA", keys="ANTHROPIC_ADMIN_KEY")
K("anthropic-api-key", "gitleaks:anthropic-api-key,trufflehog:anthropic,secretlint:anthropic", "sk-ant-api03-{url:93}AA", keys="ANTHROPIC_API_KEY")
K("artifactory-api-key", "gitleaks:artifactory-api-key,trufflehog:artifactory", "AKCp{an:69}", keys="ARTIFACTORY_API_KEY JFROG_API_KEY")
K("artifactory-reference-token", "gitleaks:artifactory-reference-token,trufflehog:artifactoryreferencetoken", "cmVmdGtu{an:56}", keys="ARTIFACTORY_TOKEN JFROG_ACCESS_TOKEN")
K("authress-access-key", "gitleaks:authress-service-client-access-key", "{|sc|ext|scauth|authress}_{lan:12}.{lan:5}.acc_{lan:24}.{url:80}", keys="AUTHRESS_KEY AUTHRESS_SERVICE_CLIENT_KEY")
K("aws-access-key-id", "gitleaks:aws-access-token,trufflehog:aws,secretlint:aws", "{|AKIA|ASIA|ABIA|ACCA}{b32:16}", keys="AWS_ACCESS_KEY_ID AWS_ACCESS_KEY")
K("aws-bedrock-api-key", "gitleaks:aws-amazon-bedrock-api-key-long-lived", "ABSK{b64:132}", keys="AWS_BEARER_TOKEN_BEDROCK BEDROCK_API_KEY")
K("aws-bedrock-short-lived-key", "gitleaks:aws-amazon-bedrock-api-key-short-lived", _bedrock_short,
  shape="`bedrock-api-key-` + base64 of a presigned bedrock.amazonaws.com query (starts `YmVkcm9jay5hbWF6b25hd3MuY29t`)", keys="AWS_BEARER_TOKEN_BEDROCK")
K("azure-ad-client-secret", "gitleaks:azure-ad-client-secret,trufflehog:azure_entra", "{an:3}{dig:1}Q~{url:34}", keys="AZURE_CLIENT_SECRET ARM_CLIENT_SECRET")
K("clojars-api-token", "gitleaks:clojars-api-token", "CLOJARS_{lan:60}", keys="CLOJARS_TOKEN CLOJARS_PASSWORD")
K("cloudflare-origin-ca-key", "gitleaks:cloudflare-origin-ca-key,trufflehog:cloudflarecakey", "v1.0-{hex:24}-{hex:146}", keys="CF_ORIGIN_CA_KEY CLOUDFLARE_ORIGIN_CA_KEY")
K("databricks-api-token", "gitleaks:databricks-api-token,trufflehog:databrickstoken,secretlint:databricks", "dapi{hex:32}", keys="DATABRICKS_TOKEN")
K("digitalocean-access-token", "gitleaks:digitalocean-access-token,trufflehog:digitaloceanv2", "doo_v1_{hex:64}", keys="DIGITALOCEAN_ACCESS_TOKEN")
K("digitalocean-pat", "gitleaks:digitalocean-pat,trufflehog:digitaloceanv2", "dop_v1_{hex:64}", keys="DIGITALOCEAN_TOKEN DO_PAT")
K("digitalocean-refresh-token", "gitleaks:digitalocean-refresh-token,trufflehog:digitaloceanv2", "dor_v1_{hex:64}", keys="DO_REFRESH_TOKEN")
K("doppler-personal-token", "gitleaks:doppler-api-token,trufflehog:doppler", "dp.pt.{an:43}", keys="DOPPLER_TOKEN")
K("duffel-api-token", "gitleaks:duffel-api-token,trufflehog:duffeltoken", "duffel_{|test|live}_{url:43}", keys="DUFFEL_ACCESS_TOKEN")
K("dynatrace-api-token", "gitleaks:dynatrace-api-token", "dt0c01.{uan:24}.{uan:64}", keys="DT_API_TOKEN DYNATRACE_API_TOKEN")
K("easypost-api-token", "gitleaks:easypost-api-token", "EZAK{an:54}", keys="EASYPOST_API_KEY")
K("easypost-test-api-token", "gitleaks:easypost-test-api-token", "EZTK{an:54}", keys="EASYPOST_TEST_API_KEY")
K("facebook-page-access-token", "gitleaks:facebook-page-access-token", "EAA{|C|M}{an:150}", keys="FB_PAGE_ACCESS_TOKEN FACEBOOK_ACCESS_TOKEN")
K("flutterwave-encryption-key", "gitleaks:flutterwave-encryption-key", "FLWSECK_TEST-{ah:12}", keys="FLW_ENCRYPTION_KEY FLUTTERWAVE_ENCRYPTION_KEY")
K("flutterwave-secret-key", "gitleaks:flutterwave-secret-key,trufflehog:flutterwave", "FLWSECK{|_TEST|}-{hex:32}-X", keys="FLW_SECRET_KEY FLUTTERWAVE_SECRET_KEY")
K("flyio-token", "gitleaks:flyio-access-token,trufflehog:flyio", lambda: rnd.choice([gen("fo1_{url:43}"), gen("fm2_{b64:180}")]),
  shape="`fo1_` + 43 base64url chars, or `fm2_` (macaroon) + 100+ base64 chars", keys="FLY_API_TOKEN FLY_ACCESS_TOKEN")
K("frameio-api-token", "gitleaks:frameio-api-token,trufflehog:frameio", "fio-u-{url:64}", keys="FRAMEIO_TOKEN")
K("gcp-api-key", "gitleaks:gcp-api-key,trufflehog:googlegemini,trufflehog:blogger", "AIzaSy{url:33}", keys="GOOGLE_API_KEY GEMINI_API_KEY GCP_API_KEY")
K("github-app-token", "gitleaks:github-app-token," + GH, "{|ghu|ghs}_{an:36}", keys="GITHUB_TOKEN GH_APP_TOKEN")
K("github-fine-grained-pat", "gitleaks:github-fine-grained-pat," + GH, "github_pat_{an:22}_{an:59}", keys="GITHUB_TOKEN GH_TOKEN")
K("github-oauth", "gitleaks:github-oauth," + GH, "gho_{an:36}", keys="GITHUB_OAUTH_TOKEN")
K("github-pat", "gitleaks:github-pat," + GH, "ghp_{an:36}", keys="GITHUB_TOKEN GH_TOKEN GITHUB_PAT")
K("github-refresh-token", "gitleaks:github-refresh-token," + GH, "ghr_{an:36}", keys="GITHUB_REFRESH_TOKEN")
K("gitlab-cicd-job-token", "gitleaks:gitlab-cicd-job-token", "glcbt-{an:1-5}_{url:20}", keys="CI_JOB_TOKEN")
K("gitlab-deploy-token", "gitleaks:gitlab-deploy-token", "gldt-{url:20}", keys="GITLAB_DEPLOY_TOKEN")
K("gitlab-feature-flag-client-token", "gitleaks:gitlab-feature-flag-client-token", "glffct-{url:20}", keys="UNLEASH_INSTANCE_ID GITLAB_FF_TOKEN")
K("gitlab-feed-token", "gitleaks:gitlab-feed-token", "glft-{url:20}", keys="GITLAB_FEED_TOKEN")
K("gitlab-incoming-mail-token", "gitleaks:gitlab-incoming-mail-token", "glimt-{url:25}", keys="GITLAB_INCOMING_EMAIL_TOKEN")
K("gitlab-kubernetes-agent-token", "gitleaks:gitlab-kubernetes-agent-token", "glagent-{url:50}", keys="GITLAB_AGENT_TOKEN")
K("gitlab-oauth-app-secret", "gitleaks:gitlab-oauth-app-secret,trufflehog:gitlaboauth2", "gloas-{hex:64}", keys="GITLAB_OAUTH_SECRET")
K("gitlab-pat", "gitleaks:gitlab-pat," + GL, "glpat-{url:20}", keys="GITLAB_TOKEN GL_TOKEN")
K("gitlab-pat-routable", "gitleaks:gitlab-pat-routable," + GL, "glpat-{url:27-40}.01.{lan:9}", keys="GITLAB_TOKEN")
K("gitlab-pipeline-trigger-token", "gitleaks:gitlab-ptt", "glptt-{hex:40}", keys="GITLAB_TRIGGER_TOKEN")
K("gitlab-runner-registration-token", "gitleaks:gitlab-rrt", "GR1348941{url:20}", keys="RUNNER_REGISTRATION_TOKEN")
K("gitlab-runner-token", "gitleaks:gitlab-runner-authentication-token", "glrt-{url:20}", keys="CI_SERVER_TOKEN RUNNER_TOKEN")
K("gitlab-runner-token-routable", "gitleaks:gitlab-runner-authentication-token-routable", "glrt-t{dig:1}_{url:27-40}.01.{lan:9}", keys="RUNNER_TOKEN")
K("gitlab-scim-token", "gitleaks:gitlab-scim-token", "glsoat-{url:20}", keys="GITLAB_SCIM_TOKEN")
K("grafana-api-key", "gitleaks:grafana-api-key", "eyJrIjoi{an:72}", keys="GRAFANA_API_KEY")
K("grafana-cloud-api-token", "gitleaks:grafana-cloud-api-token,trufflehog:grafana,secretlint:grafana", "glc_eyJvIjoi{an:96}", keys="GRAFANA_CLOUD_TOKEN")
K("grafana-service-account-token", "gitleaks:grafana-service-account-token,trufflehog:grafanaserviceaccount,secretlint:grafana", "glsa_{an:32}_{hex:8}", keys="GRAFANA_SA_TOKEN GRAFANA_TOKEN")
K("harness-api-key", "gitleaks:harness-api-key,trufflehog:harness", "pat.{w:22}.{hex:24}.{an:20}", keys="HARNESS_API_KEY")
K("hashicorp-tf-api-token", "gitleaks:hashicorp-tf-api-token,trufflehog:terraformcloudpersonaltoken,trufflehog:vagrantcloudpersonaltoken", "{an:14}.atlasv1.{an:67}", keys="TFE_TOKEN TF_TOKEN_app_terraform_io ATLAS_TOKEN")
K("heroku-api-key-v2", "gitleaks:heroku-api-key-v2,trufflehog:heroku", "HRKU-AA{url:58}", keys="HEROKU_API_KEY")
K("huggingface-access-token", "gitleaks:huggingface-access-token,trufflehog:huggingface,secretlint:huggingface", "hf_{let:34}", keys="HF_TOKEN HUGGING_FACE_HUB_TOKEN")
K("huggingface-org-token", "gitleaks:huggingface-organization-api-token,trufflehog:huggingface", "api_org_{let:34}", keys="HF_ORG_TOKEN")
K("infracost-api-token", "gitleaks:infracost-api-token", "ico-{an:32}", keys="INFRACOST_API_KEY")
K("intra42-client-secret", "gitleaks:intra42-client-secret,trufflehog:intra42", "s-s4t2{|ud|af}-{hex:64}", keys="FT_CLIENT_SECRET INTRA42_SECRET")
K("jwt", "gitleaks:jwt,trufflehog:jwt", jwt, shape="three base64url parts joined by `.`, header and payload start `eyJ`", keys="ID_TOKEN ACCESS_TOKEN JWT")
K("jwt-base64", "gitleaks:jwt-base64", lambda: b64(jwt().encode()), shape="base64 of a whole JWT (starts `ZXlK`)", keys="ENCODED_JWT AUTH_TOKEN_B64")
K("linear-api-key", "gitleaks:linear-api-key,trufflehog:linearapi,secretlint:linear", "lin_api_{an:40}", keys="LINEAR_API_KEY")
K("maxmind-license-key", "gitleaks:maxmind-license-key,trufflehog:maxmindlicense", "{an:6}_{an:29}_mmk", keys="MAXMIND_LICENSE_KEY")
K("notion-api-token", "gitleaks:notion-api-token,secretlint:notion", "ntn_{dig:11}{an:35}", keys="NOTION_TOKEN NOTION_API_KEY")
K("npm-access-token", "gitleaks:npm-access-token,trufflehog:npmtokenv2,secretlint:npm", "npm_{an:36}", keys="NPM_TOKEN NODE_AUTH_TOKEN")
K("openai-api-key", "gitleaks:openai-api-key,trufflehog:openai,secretlint:openai", _openai,
  shape="`sk-proj-`/`sk-svcacct-` + 58 or 74 base64url + `T3BlbkFJ` + same again; legacy `sk-` + 20 alnum + `T3BlbkFJ` + 20 alnum", keys="OPENAI_API_KEY")
K("openshift-user-token", "gitleaks:openshift-user-token", "sha256~{url:43}", keys="OPENSHIFT_TOKEN OC_TOKEN")
K("perplexity-api-key", "gitleaks:perplexity-api-key", "pplx-{an:48}", keys="PERPLEXITY_API_KEY PPLX_API_KEY")
K("planetscale-api-token", "gitleaks:planetscale-api-token,trufflehog:planetscale", "pscale_tkn_{w:43}", keys="PLANETSCALE_SERVICE_TOKEN")
K("planetscale-oauth-token", "gitleaks:planetscale-oauth-token", "pscale_oauth_{w:43}", keys="PLANETSCALE_OAUTH_TOKEN")
K("planetscale-password", "gitleaks:planetscale-password,trufflehog:planetscaledb", "pscale_pw_{w:43}", keys="PLANETSCALE_DB_PASSWORD DATABASE_PASSWORD")
K("postman-api-token", "gitleaks:postman-api-token,trufflehog:postman", "PMAK-{hex:24}-{hex:34}", keys="POSTMAN_API_KEY")
K("prefect-api-token", "gitleaks:prefect-api-token,trufflehog:prefect", "pnu_{an:36}", keys="PREFECT_API_KEY")
K("pulumi-api-token", "gitleaks:pulumi-api-token,trufflehog:pulumi", "pul-{hex:40}", keys="PULUMI_ACCESS_TOKEN")
K("pypi-upload-token", "gitleaks:pypi-upload-token,trufflehog:pypi", "pypi-AgEIcHlwaS5vcmcCJ{url:150}", keys="PYPI_TOKEN TWINE_PASSWORD")
K("readme-api-token", "gitleaks:readme-api-token,trufflehog:readme", "rdme_{lan:70}", keys="README_API_KEY")
K("rubygems-api-token", "gitleaks:rubygems-api-token,trufflehog:rubygems", "rubygems_{hex:48}", keys="GEM_HOST_API_KEY RUBYGEMS_API_KEY")
K("scalingo-api-token", "gitleaks:scalingo-api-token", "tk-us-{url:48}", keys="SCALINGO_API_TOKEN")
K("sendgrid-api-token", "gitleaks:sendgrid-api-token,trufflehog:sendgrid,secretlint:sendgrid", "SG.{url:22}.{url:43}", keys="SENDGRID_API_KEY")
K("sendinblue-api-token", "gitleaks:sendinblue-api-token,trufflehog:sendinbluev2", "xkeysib-{hex:64}-{an:16}", keys="BREVO_API_KEY SENDINBLUE_API_KEY")
K("sentry-org-token", "gitleaks:sentry-org-token,trufflehog:sentryorgtoken", _sentry_org,
  shape="`sntrys_` + base64 of a JSON object with iat/url/region_url/org + `_` + 43 base64 chars", keys="SENTRY_AUTH_TOKEN")
K("sentry-user-token", "gitleaks:sentry-user-token,trufflehog:sentrytoken", "sntryu_{hex:64}", keys="SENTRY_AUTH_TOKEN")
K("settlemint-application-token", "gitleaks:settlemint-application-access-token", "sm_aat_{an:16}", keys="SETTLEMINT_ACCESS_TOKEN")
K("settlemint-personal-token", "gitleaks:settlemint-personal-access-token", "sm_pat_{an:16}", keys="SETTLEMINT_PERSONAL_ACCESS_TOKEN")
K("settlemint-service-token", "gitleaks:settlemint-service-access-token", "sm_sat_{an:16}", keys="SETTLEMINT_SERVICE_TOKEN")
K("shippo-api-token", "gitleaks:shippo-api-token,trufflehog:shippo", "shippo_{|live|test}_{hex:40}", keys="SHIPPO_API_TOKEN")
K("shopify-access-token", "gitleaks:shopify-access-token,trufflehog:shopify,secretlint:shopify", "shpat_{hex:32}", keys="SHOPIFY_ACCESS_TOKEN")
K("shopify-custom-access-token", "gitleaks:shopify-custom-access-token,secretlint:shopify", "shpca_{hex:32}", keys="SHOPIFY_ACCESS_TOKEN")
K("shopify-private-app-token", "gitleaks:shopify-private-app-access-token,trufflehog:shopify,secretlint:shopify", "shppa_{hex:32}", keys="SHOPIFY_PASSWORD")
K("shopify-shared-secret", "gitleaks:shopify-shared-secret,trufflehog:shopifyoauth,secretlint:shopify", "shpss_{hex:32}", keys="SHOPIFY_API_SECRET")
K("slack-app-token", "gitleaks:slack-app-token," + SL, "xapp-1-A{uan:10}-{dig:13}-{hex:64}", keys="SLACK_APP_TOKEN")
K("slack-bot-token", "gitleaks:slack-bot-token," + SL, "xoxb-{dig:12}-{dig:13}-{an:24}", keys="SLACK_BOT_TOKEN")
K("slack-config-access-token", "gitleaks:slack-config-access-token", "xoxe.xox{|b|p}-1-{an:166}", keys="SLACK_CONFIG_TOKEN")
K("slack-config-refresh-token", "gitleaks:slack-config-refresh-token", "xoxe-1-{an:146}", keys="SLACK_CONFIG_REFRESH_TOKEN")
K("slack-legacy-bot-token", "gitleaks:slack-legacy-bot-token," + SL, "xoxb-{dig:10}-{an:24}", keys="SLACK_BOT_TOKEN")
K("slack-legacy-token", "gitleaks:slack-legacy-token,secretlint:slack", "xox{|o|s}-{dig:10}-{dig:11}-{dig:12}-{hex:32}", keys="SLACK_TOKEN")
K("slack-legacy-workspace-token", "gitleaks:slack-legacy-workspace-token," + SL, "xox{|a|r}-2-{an:40}", keys="SLACK_WORKSPACE_TOKEN")
K("slack-user-token", "gitleaks:slack-user-token," + SL, "xoxp-{dig:12}-{dig:12}-{dig:13}-{hex:32}", keys="SLACK_USER_TOKEN SLACK_TOKEN")
K("sonar-token", "gitleaks:sonar-api-token", "{|squ|sqp|sqa}_{hex:40}", keys="SONAR_TOKEN SONAR_LOGIN")
K("sourcegraph-access-token", "gitleaks:sourcegraph-access-token,trufflehog:sourcegraph", "sgp_{hex:16}_{hex:40}", keys="SRC_ACCESS_TOKEN")
K("square-access-token", "gitleaks:square-access-token,trufflehog:square", lambda: rnd.choice([gen("EAAA{url:60}"), gen("sq0atp-{url:22}")]),
  shape="`EAAA` + 60 base64url chars, or `sq0atp-` + 22 base64url chars", keys="SQUARE_ACCESS_TOKEN")
K("stripe-secret-key", "gitleaks:stripe-access-token,trufflehog:stripe,secretlint:stripe", "{|sk|rk}_{|live|test}_51{an:30-97}", keys="STRIPE_SECRET_KEY STRIPE_API_KEY")
K("twitter-bearer-token", "gitleaks:twitter-bearer-token,trufflehog:twitter", _twitter_bearer,
  shape="22 `A` + ~100 alnum with `%2B`/`%3D` escapes", keys="TWITTER_BEARER_TOKEN")
K("typeform-api-token", "gitleaks:typeform-api-token,trufflehog:typeform", "tfp_{w:59}", keys="TYPEFORM_TOKEN")
K("vault-batch-token", "gitleaks:vault-batch-token,secretlint:hashicorp-vault", "hvb.{url:150}", keys="VAULT_TOKEN")
K("vault-service-token", "gitleaks:vault-service-token,secretlint:hashicorp-vault", "hvs.{url:95}", keys="VAULT_TOKEN")
K("vault-legacy-token", "gitleaks:vault-service-token", "s.{an:24}", mode="ctx", kw="vault", keys="VAULT_TOKEN VAULT_ROOT_TOKEN")
K("mailchimp-api-key", "gitleaks:mailchimp-api-key,trufflehog:mailchimp", "{hex:32}-us{dig:2}", keys="MAILCHIMP_API_KEY")
K("plaid-access-token", "gitleaks:plaid-api-token,trufflehog:plaidkey", "access-{|sandbox|development|production}-{uuid}", keys="PLAID_ACCESS_TOKEN")
K("dropbox-short-lived-token", "gitleaks:dropbox-short-lived-api-token,trufflehog:dropbox", "sl.{url:135}", keys="DROPBOX_ACCESS_TOKEN")
K("defined-networking-api-token", "gitleaks:defined-networking-api-token", "dnkey-{lurl:26}-{lurl:52}", keys="DN_API_KEY DEFINED_API_KEY")
K("new-relic-user-api-key", "gitleaks:new-relic-user-api-key,trufflehog:newrelicuserkey", "NRAK-{uan:27}", keys="NEW_RELIC_API_KEY")
K("new-relic-insert-key", "gitleaks:new-relic-insert-key,trufflehog:newrelicinsightsinsertkey", "NRII-{lan:32}", keys="NEW_RELIC_INSERT_KEY")
K("mapbox-secret-token", "trufflehog:mapbox", lambda: "sk.eyJ1Ijoi" + gen("{an:60}.{url:22}"),
  shape="`sk.eyJ1Ijoi` + base64 username claim + `.` + 22 base64url chars", keys="MAPBOX_SECRET_TOKEN MAPBOX_DOWNLOADS_TOKEN")
