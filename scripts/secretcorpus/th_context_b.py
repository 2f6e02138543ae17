"""trufflehog detectors not covered by a kind of their own, part B:
name|keywords|shape|note. Most are context-only (N chars near a keyword).
Generated once from the detector sources (facts only); edit by hand.
"""
ROWS = """\
linemessaging|line|context-only: 171..172 alnum and +/ near "line"|not in positives
linenotify|linenotify|context-only: 43 alnum near "linenotify"|not in positives
linkpreview|linkpreview|context-only: 32 alnum near "linkpreview"|not in positives
liveagent|ladesk,liveagent|context-only: 32 alnum near "ladesk"|not in positives
livestorm|livestorm|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
loadmill|loadmill|context-only: 40 alnum near "loadmill"|not in positives
loginradius|loginradius|context-only: uuid near "loginradius"|not in positives
lokalisetoken|lokalise|context-only: 40 lowercase alnum near "lokalise"|not in positives
loyverse|loyverse|context-only: 32 lowercase alnum and - near "loyverse"|not in positives
lunchmoney|lunchmoney|context-only: 50 hex near "lunchmoney"|not in positives
luno|luno|context-only: 43 alnum and -_ near "luno"|not in positives
m3o|m3o|context-only: 48 alnum near "m3o"|not in positives
madkudu|madkudu|context-only: 32 hex near "madkudu"|not in positives
magicbell|magicbell|context-only: 40 alnum and - near "magicbell"|not in positives
magnetic|magnetic|context-only: uuid near "magnetic"|not in positives
mailboxlayer|mailboxlayer|context-only: 32 lowercase alnum near "mailboxlayer"|not in positives
mailerlite|mailerlite|context-only: 32 lowercase alnum near "mailerlite"|not in positives
mailjetbasicauth|mailjet|context-only: 87 alnum near "mailjet"|not in positives
mailmodo|mailmodo|context-only: 7 uppercase alnum + 7 uppercase alnum + 7 uppercase alnum near "mailmodo"|not in positives
manifest|manifest|context-only: 32 lowercase alnum near "manifest"|not in positives
mapquest|mapquest|context-only: 32 alnum near "mapquest"|not in positives
marketstack|marketstack|context-only: 32 lowercase alnum near "marketstack"|not in positives
mavenlink|mavenlink|context-only: 64 lowercase alnum near "mavenlink"|not in positives
meaningcloud|meaningcloud|context-only: 32 lowercase alnum near "meaningcloud"|not in positives
mediastack|mediastack|context-only: 32 lowercase alnum near "mediastack"|not in positives
meistertask|meistertask|context-only: 43 alnum near "meistertask"|not in positives
mesibo|mesibo|context-only: 64 alnum near "mesibo"|not in positives
messagebird|messagebird|context-only: 25 alnum and -_ near "messagebird"|not in positives
metaapi|meta-api,metaapi|context-only: 64 hex near "meta-api"|not in positives
metabase|metabase|context-only: 36 alnum and - near "metabase"|not in positives
metrilo|metrilo|context-only: 16 lowercase alnum near "metrilo"|not in positives
mindmeister|mindmeister|context-only: 43 alnum near "mindmeister"|not in positives
miro|miro|context-only: 27 alnum near "miro"|not in positives
mite|mite|context-only: 16 lowercase alnum near "mite"|not in positives
mixmax|mixmax|context-only: 36 alnum and -_ near "mixmax"|not in positives
mixpanel|mixpanel|context-only: 32 alnum and - near "mixpanel"|not in positives
mockaroo|mockaroo|context-only: 8 lowercase alnum near "mockaroo"|not in positives
moderation|moderation|context-only: 36 alnum + 115 alnum + 43 alnum and _ near "moderation"|not in positives
monday|monday|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
monkeylearn|monkeylearn|context-only: 40 hex near "monkeylearn"|not in positives
moonclerk|moonclerk|context-only: 32 lowercase alnum near "moonclerk"|not in positives
moosend|moosend|context-only: uuid near "moosend"|not in positives
moralis|moralis|context-only: 64 alnum near "moralis"|not in positives
mrticktock|mrticktock|context-only: 1..50 alnum and !#$%()=@_ near "mrticktock"|not in positives
mux|mux|context-only: uuid near "mux"|not in positives
myfreshworks|freshworks|context-only: 22 alnum and -_ near "freshworks"|not in positives
myintervals|myintervals|context-only: 11 lowercase alnum near "myintervals"|not in positives
nasdaqdatalink|nasdaq|context-only: 20 alnum and -_ near "nasdaq"|not in positives
nethunt|nethunt|context-only: 36 lowercase alnum and -S near "nethunt"|not in positives
netsuite|netsuite|context-only: 64 alnum near "netsuite"|not in positives
neutrinoapi|neutrinoapi|context-only: 48 alnum near "neutrinoapi"|not in positives
newrelicbrowserkey|nrbr-|identifier or publishable key|not a secret on its own; not in positives
newrelicmobileapptoken|-nrma|identifier or publishable key|not a secret on its own; not in positives
newrelicpersonalapikey|newrelic|context-only: 4 alnum and ._ + 42 alnum and ._ near "newrelic"|not in positives
newscatcher|newscatcher|context-only: 43 alnum and _ near "newscatcher"|not in positives
nexmoapikey|nexmo|context-only: 8 alnum and -_ near "nexmo"|not in positives
nftport|nftport|context-only: uuid near "nftport"|not in positives
nicereply|nicereply|context-only: 40 hex near "nicereply"|not in positives
nimble|nimble|context-only: 30 alnum near "nimble"|not in positives
noticeable|noticeable|context-only: 20 alnum near "noticeable"|not in positives
nozbeteams|nozbe,nozbeteams|context-only: 16 alnum + 64 alnum and -_ near "nozbe"|not in positives
npmtoken|npm|context-only: uuid near "npm"|not in positives
nugetapikey|nuget|context-only: 46 lowercase alnum near "nuget"|not in positives
numverify|numverify|context-only: 32 lowercase alnum near "numverify"|not in positives
nutritionix|nutritionix|context-only: 32 lowercase alnum near "nutritionix"|not in positives
nylas|nylas|context-only: 30 alnum near "nylas"|not in positives
oanda|oanda|context-only: 24 alnum near "oanda"|not in positives
octopusdeploy|octopus|context-only: API key near a *.octopus.app host near "octopus"|not in positives
omnisend|omnisend|context-only: 75 alnum and - near "omnisend"|not in positives
onedesk|onedesk|context-only: 8..64 alnum and !#$%=@ near "onedesk"|not in positives
onelogin|onelogin|context-only: 64 lowercase alnum near "onelogin"|not in positives
onepagecrm|onepagecrm|context-only: 44 alnum and = near "onepagecrm"|not in positives
onesignal|onesignal|context-only: value near "onesignal"|not in positives
onfleet|onfleet|context-only: 32 lowercase alnum near "onfleet"|not in positives
oopspam|oopspam|context-only: 40 alnum near "oopspam"|not in positives
opencagedata|opencagedata|context-only: 32 lowercase alnum near "opencagedata"|not in positives
openuv|openuv|context-only: 32 lowercase alnum near "openuv"|not in positives
openvpn|openvpn|context-only: 3..40 alnum and - + 3..40 alnum and - near "openvpn"|not in positives
optimizely|optimizely|context-only: 54 alnum and -: near "optimizely"|not in positives
overloop|overloop|context-only: 50 alnum and -_ near "overloop"|not in positives
owlbot|owlbot|context-only: 40 lowercase alnum near "owlbot"|not in positives
packagecloud|packagecloud|context-only: 48 hex near "packagecloud"|not in positives
pandadoc|pandadoc|context-only: 40 alnum near "pandadoc"|not in positives
pandascore|pandascore|context-only: 51 alnum and -_ near "pandascore"|not in positives
paperform|paperform|context-only: 850..1000 alnum and -._ near "paperform"|not in positives
paralleldots|paralleldots|context-only: 43 alnum near "paralleldots"|not in positives
parsehub|parsehub|context-only: 12 alnum near "parsehub"|not in positives
parsers|parsers|context-only: 64 lowercase alnum near "parsers"|not in positives
parseur|parseur|context-only: 40 hex near "parseur"|not in positives
partnerstack|partnerstack|context-only: 64 alnum near "partnerstack"|not in positives
pastebin|pastebin|context-only: 32 alnum and _ near "pastebin"|not in positives
paydirtapp|paydirtapp|context-only: 32 lowercase alnum near "paydirtapp"|not in positives
paymoapp|paymoapp|context-only: 44 alnum near "paymoapp"|not in positives
paymongo|paymongo|context-only: 32 alnum and _ near "paymongo"|not in positives
paypaloauth|paypal|context-only: 7 alnum and ._ + 72 alnum and ._ + 5 alnum and ._ near "paypal"|not in positives
pdflayer|pdflayer|context-only: 32 lowercase alnum near "pdflayer"|not in positives
pdfshift|pdfshift|context-only: 32 hex near "pdfshift"|not in positives
peopledatalabs|peopledatalabs|context-only: 64 lowercase alnum near "peopledatalabs"|not in positives
pepipost|netcore,pepipost|context-only: 32 alnum and - near "netcore"|not in positives
phraseaccesstoken|phrase|context-only: 64 lowercase alnum near "phrase"|not in positives
pinata|pinata|context-only: 64 lowercase alnum near "pinata"|not in positives
pipedream|pipedream|context-only: 32 lowercase alnum near "pipedream"|not in positives
pipedrive|pipedrive|context-only: 40 alnum near "pipedrive"|not in positives
pixabay|pixabay|context-only: 34 lowercase alnum and - near "pixabay"|not in positives
planviewleankit|planview,planviewleankit|context-only: 128 hex near "planview"|not in positives
planyo|planyo|context-only: 62 lowercase alnum near "planyo"|not in positives
plivo|plivo|context-only: 20 uppercase letters near "plivo"|not in positives
podio|podio|context-only: 32 lowercase alnum near "podio"|not in positives
pollsapi|pollsapi|context-only: 28 uppercase alnum near "pollsapi"|not in positives
poloniex|poloniex|context-only: 8 uppercase alnum + 8 uppercase alnum + 8 uppercase alnum near "poloniex"|not in positives
polygon|polygon|context-only: 32 alnum near "polygon"|not in positives
portainer|portainer|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
positionstack|positionstack|context-only: 32 alnum and _ near "positionstack"|not in positives
postageapp|postageapp|context-only: 32 alnum near "postageapp"|not in positives
postbacks|postbacks|context-only: uuid near "postbacks"|not in positives
powrbot|powrbot|context-only: 40 alnum near "powrbot"|not in positives
privacy|privacy|context-only: uuid near "privacy"|not in positives
prodpad|prodpad|context-only: 64 hex near "prodpad"|not in positives
prospectcrm|prospectcrm|context-only: 32 lowercase alnum and - near "prospectcrm"|not in positives
protocolsio|protocols|context-only: 64 lowercase alnum near "protocols"|not in positives
proxycrawl|proxycrawl|context-only: 22 alnum and _ near "proxycrawl"|not in positives
pubnubpublishkey|sub-c-|identifier or publishable key|not a secret on its own; not in positives
pubnubsubscriptionkey|sub-c-|identifier or publishable key|not a secret on its own; not in positives
purestake|purestake|context-only: 40 alnum near "purestake"|not in positives
pushbulletapikey|pushbullet|context-only: 34 alnum and ._ near "pushbullet"|not in positives
qase|qase|context-only: 40 alnum near "qase"|not in positives
qualaroo|qualaroo|context-only: 64 alnum and = near "qualaroo"|not in positives
qubole|qubole|context-only: 64 lowercase alnum near "qubole"|not in positives
railwayapp|railway|context-only: value near "railway"|not in positives
raven|raven|context-only: 16 uppercase alnum and - near "raven"|not in positives
rawg|rawg|context-only: 32 lowercase alnum and A near "rawg"|not in positives
razorpay|rzp_live_|identifier or publishable key|not a secret on its own; not in positives
reachmail|reachmail|context-only: 64 alnum and -_ near "reachmail"|not in positives
reallysimplesystems|reallysimplesystems|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
rebrandly|rebrandly|context-only: 32 alnum and _ near "rebrandly"|not in positives
redhatpyxis|pyxis,redhat|context-only: 32 lowercase alnum near "pyxis"|not in positives
refiner|refiner|context-only: uuid near "refiner"|not in positives
rentman|rentman|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
repairshopr|repairshopr|context-only: 51 alnum and - near "repairshopr"|not in positives
replyio|replyio|context-only: 24 alnum near "replyio"|not in positives
requestfinance|requestfinance|context-only: 7 uppercase alnum + 7 uppercase alnum + 7 uppercase alnum near "requestfinance"|not in positives
restpackhtmltopdfapi|restpack|context-only: 48 alnum near "restpack"|not in positives
restpackscreenshotapi|restpack|context-only: 48 alnum near "restpack"|not in positives
rev|rev|context-only: 27 alnum and +/ near "rev"|not in positives
revampcrm|revampcrm|context-only: 40 alnum near "revampcrm"|not in positives
ringcentral|ringcentral|context-only: 22 alnum and -_ near "ringcentral"|not in positives
ritekit|ritekit|context-only: 44 hex near "ritekit"|not in positives
roaring|roaring|context-only: 28 alnum and -_ near "roaring"|not in positives
rocketreach|rocketreach|context-only: 39 lowercase alnum and - near "rocketreach"|not in positives
route4me|route4me|context-only: 32 uppercase alnum near "route4me"|not in positives
rownd|rownd|context-only: uuid near "rownd"|not in positives
runrunit|runrunit|context-only: 32 hex near "runrunit"|not in positives
salesblink|salesblink|context-only: `key-` + 64 alnum near "salesblink"|not in positives
salescookie|salescookie|context-only: 32 lowercase alnum near "salescookie"|not in positives
salesflare|salesflare|context-only: 45 alnum and _ near "salesflare"|not in positives
salesforceoauth2|3mvg9,salesforce|identifier or publishable key|not a secret on its own; not in positives
salesmate|salesmate|context-only: uuid near "salesmate"|not in positives
satismeterprojectkey|satismeter|context-only: 24 alnum near "satismeter"|not in positives
satismeterwritekey|satismeter|context-only: 32 alnum near "satismeter"|not in positives
saucelabs|saucelabs|context-only: 2..70 alnum and -._ near "saucelabs"|not in positives
scalewaykey|scaleway|context-only: uuid near "scaleway"|not in positives
scalr|scalr|context-only: 136 alnum and ._ near "scalr"|not in positives
scrapeowl|scrapeowl|context-only: 30 lowercase alnum near "scrapeowl"|not in positives
scraperapi|scraperapi|context-only: 32 lowercase alnum near "scraperapi"|not in positives
scraperbox|scraperbox|context-only: 32 uppercase alnum near "scraperbox"|not in positives
scrapestack|scrapestack|context-only: 32 lowercase alnum near "scrapestack"|not in positives
scrapingant|scrapingant|context-only: 32 lowercase alnum near "scrapingant"|not in positives
scrapingbee|scraping bee,scraping-bee,scraping_bee|context-only: 80 uppercase alnum near "scraping bee"|not in positives
screenshotapi|screenshotapi|context-only: 7 uppercase alnum + 7 uppercase alnum + 7 uppercase alnum near "screenshotapi"|not in positives
screenshotlayer|screenshotlayer|context-only: 32 alnum and _ near "screenshotlayer"|not in positives
scrutinizerci|scrutinizer|context-only: 64 lowercase alnum near "scrutinizer"|not in positives
securitytrails|security trails,securitytrails|context-only: 32 alnum near "security trails"|not in positives
selectpdf|selectpdf|context-only: 36 lowercase alnum and - near "selectpdf"|not in positives
semaphore|semaphore.co|context-only: 32 lowercase alnum near "semaphore.co"|not in positives
sendbirdorganizationapi|sendbird|context-only: 24 hex near "sendbird"|not in positives
serphouse|serphouse|context-only: 60 alnum near "serphouse"|not in positives
serpstack|serpstack|context-only: 32 lowercase alnum near "serpstack"|not in positives
sheety|sheety|context-only: 64 lowercase alnum near "sheety"|not in positives
sherpadesk|sherpadesk|context-only: 32 lowercase alnum near "sherpadesk"|not in positives
shipday|shipday|context-only: 11 alnum and . + 20 alnum near "shipday"|not in positives
shodankey|shodan|context-only: 32 alnum near "shodan"|not in positives
shortcut|shortcut|context-only: uuid near "shortcut"|not in positives
shotstack|shotstack|context-only: 40 alnum near "shotstack"|not in positives
shutterstock|shutterstock|context-only: 32 alnum near "shutterstock"|not in positives
shutterstockoauth|shutterstock|context-only: 388 alnum near "shutterstock"|not in positives
signable|signable|context-only: 32 alnum and - near "signable"|not in positives
signalwire|signalwire|context-only: 50 alnum near "signalwire"|not in positives
signaturit|signaturit|context-only: 86 alnum near "signaturit"|not in positives
signupgenius|signupgenius|context-only: 32 alnum near "signupgenius"|not in positives
sigopt|sigopt|context-only: 48 uppercase alnum near "sigopt"|not in positives
simfin|simfin|context-only: 32 alnum near "simfin"|not in positives
simplesat|simplesat|context-only: 40 lowercase alnum near "simplesat"|not in positives
simplynoted|simplynoted|context-only: 340..360 alnum and S near "simplynoted"|not in positives
simvoly|simvoly|context-only: 33 lowercase alnum near "simvoly"|not in positives
sinchmessage|sinch|context-only: 32 lowercase alnum near "sinch"|not in positives
sirv|sirv|context-only: 88 alnum and S near "sirv"|not in positives
siteleaf|siteleaf|context-only: 32 lowercase alnum and A near "siteleaf"|not in positives
skrappio|skrapp|context-only: 42 alnum near "skrapp"|not in positives
skybiometry|skybiometry|context-only: 25..26 lowercase alnum near "skybiometry"|not in positives
smartystreets|smartystreets|context-only: 20 alnum near "smartystreets"|not in positives
smooch|smooch|context-only: `act_` + 24 lowercase alnum id and 86-char secret near "smooch"|not in positives
snipcart|snipcart|context-only: 75 alnum and _ near "snipcart"|not in positives
snowflake|snowflake|context-only: 7 letters + 1..255 alnum and -_ near "snowflake"|not in positives
solarwindsobservability|solarwinds|context-only: 71 alnum and -_ near "solarwinds"|not in positives
speechtextai|speechtext|context-only: value near "speechtext"|not in positives
splunkobservabilitytoken|splunk|context-only: 22 alnum near "splunk"|not in positives
spoonacular|spoonacular|context-only: 32 lowercase alnum near "spoonacular"|not in positives
sportsmonk|sportsmonk|context-only: 60 alnum near "sportsmonk"|not in positives
spotifykey|spotify|context-only: 32 alnum near "spotify"|not in positives
sslmate|sslmate|context-only: 36 alnum near "sslmate"|not in positives
statuscake|statuscake|context-only: 20 alnum near "statuscake"|not in positives
statuspal|statuspal|context-only: 32 alnum near "statuspal"|not in positives
stitchdata|stitchdata|context-only: 35 lowercase alnum and _ near "stitchdata"|not in positives
stockdata|stockdata|context-only: 40 alnum near "stockdata"|not in positives
storecove|storecove|context-only: 43 alnum and -_ near "storecove"|not in positives
stormboard|stormboard|context-only: 40 hex near "stormboard"|not in positives
stormglass|stormglass|context-only: 73 lowercase alnum and -A near "stormglass"|not in positives
storyblok|storyblok|context-only: 22 alnum near "storyblok"|not in positives
storychief|storychief|context-only: 940..1000 alnum and -._ near "storychief"|not in positives
strava|strava|context-only: 5 digits near "strava"|not in positives
streak|streak|context-only: 32 hex near "streak"|not in positives
stripo|stripo|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
stytch|stytch|context-only: 47 alnum and -_ near "stytch"|not in positives
sugester|sugester|context-only: 32 alnum near "sugester"|not in positives
supernotesapi|supernotes|context-only: 43 alnum and -_ near "supernotes"|not in positives
surveyanyplace|surveyanyplace|context-only: 32 alnum near "surveyanyplace"|not in positives
surveybot|surveybot|context-only: 80 alnum and - near "surveybot"|not in positives
surveysparrow|surveysparrow|context-only: 88 alnum and -_ near "surveysparrow"|not in positives
survicate|survicate|context-only: 32 lowercase alnum near "survicate"|not in positives
swell|swell|context-only: 32 alnum near "swell"|not in positives
swiftype|swiftype|context-only: 6 lowercase alnum and - + 6 lowercase alnum and - + 6 lowercase alnum and - near "swiftype"|not in positives
tallyfy|tallyfy|context-only: 36 alnum + 264 alnum + 683 alnum and -_ near "tallyfy"|not in positives
tatumio|tatum|context-only: 36 lowercase alnum and - near "tatum"|not in positives
taxjar|taxjar|context-only: 32 lowercase alnum near "taxjar"|not in positives
teamgate|teamgate|context-only: 40 lowercase alnum near "teamgate"|not in positives
technicalanalysisapi|technicalanalysisapi|context-only: 48 uppercase alnum near "technicalanalysisapi"|not in positives
tefter|tefter|context-only: 20 alnum near "tefter"|not in positives
teletype|teletype|context-only: 64 alnum and - near "teletype"|not in positives
testingbot|testingbot|context-only: 32 lowercase alnum near "testingbot"|not in positives
textmagic|textmagic|context-only: 30 alnum near "textmagic"|not in positives
theoddsapi|the-odds-api,theoddsapi|context-only: 32 hex near "the-odds-api"|not in positives
thinkific|thinkific|context-only: 32 hex near "thinkific"|not in positives
thousandeyes|thousandeyes|context-only: 32 alnum near "thousandeyes"|not in positives
ticketmaster|ticketmaster|context-only: 32 alnum near "ticketmaster"|not in positives
tiingo|tiingo|context-only: 40 lowercase alnum near "tiingo"|not in positives
timecamp|timecamp|context-only: 26 lowercase alnum near "timecamp"|not in positives
timezoneapi|timezoneapi|context-only: 20 letters near "timezoneapi"|not in positives
tly|tly|context-only: 60 alnum near "tly"|not in positives
tmetric|tmetric|context-only: 64 uppercase alnum near "tmetric"|not in positives
todoist|todoist|context-only: 40 lowercase alnum near "todoist"|not in positives
toggltrack|toggl|context-only: 32 lowercase alnum and A near "toggl"|not in positives
tokeet|tokeet|context-only: uuid near "tokeet"|not in positives
tomorrowio|tomorrow|context-only: 32 alnum near "tomorrow"|not in positives
tomtom|tomtom|context-only: 32 alnum and A near "tomtom"|not in positives
tradier|tradier|context-only: 28 alnum near "tradier"|not in positives
transferwise|transferwise|context-only: uuid near "transferwise"|not in positives
travelpayouts|travelpayouts|context-only: 32 lowercase alnum near "travelpayouts"|not in positives
travisci|travis|context-only: 22 alnum and _ near "travis"|not in positives
tru|tru|context-only: uuid near "tru"|not in positives
twelvedata|twelvedata|context-only: 32 lowercase alnum near "twelvedata"|not in positives
twist|twist|context-only: 40 hex near "twist"|not in positives
twitch|twitch|context-only: 30 lowercase alnum near "twitch"|not in positives
twitchaccesstoken|twitch|context-only: 30 lowercase alnum near "twitch"|not in positives
twitterconsumerkey|twitter|context-only: 25 alnum near "twitter"|not in positives
tyntec|tyntec|context-only: 32 alnum near "tyntec"|not in positives
typetalk|typetalk|context-only: 64 alnum near "typetalk"|not in positives
uclassify|uclassify|context-only: 12 alnum near "uclassify"|not in positives
unifyid|unify|context-only: 44 alnum and -=_ near "unify"|not in positives
unplugg|unplu|context-only: 64 lowercase alnum near "unplu"|not in positives
unsplash|unsplash|context-only: 43 alnum and _ near "unsplash"|not in positives
upcdatabase|upcdatabase|context-only: 32 uppercase alnum near "upcdatabase"|not in positives
uplead|uplead|context-only: 32 lowercase alnum and - near "uplead"|not in positives
uploadcare|uploadcare|context-only: 20 lowercase alnum near "uploadcare"|not in positives
uptimerobot|uptimerobot|context-only: 9 alnum + 24 alnum near "uptimerobot"|not in positives
upwave|upwave|context-only: 32 lowercase alnum near "upwave"|not in positives
urlscan|urlscan|context-only: 36 lowercase alnum and - near "urlscan"|not in positives
user|user.com|context-only: 64 alnum near "user.com"|not in positives
userflow|userflow|context-only: 29 lowercase alnum and _ near "userflow"|not in positives
userstack|userstack|context-only: 32 lowercase alnum near "userstack"|not in positives
vatlayer|vatlayer|context-only: 32 lowercase alnum near "vatlayer"|not in positives
vbout|vbout|context-only: 25 digits near "vbout"|not in positives
vercel|vercel|context-only: 24 alnum near "vercel"|not in positives
verifier|verifier|context-only: 96 lowercase alnum near "verifier"|not in positives
verimail|verimail|context-only: 32 uppercase alnum near "verimail"|not in positives
veriphone|veriphone|context-only: 32 uppercase alnum near "veriphone"|not in positives
versioneye|versioneye|context-only: 40 alnum and - near "versioneye"|not in positives
viewneo|viewneo|context-only: 120..300 alnum + 150..300 alnum + 600..800 alnum and -_ near "viewneo"|not in positives
visualcrossing|visualcrossing|context-only: 25 uppercase alnum near "visualcrossing"|not in positives
voicegain|voicegain|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
voodoosms|voodoosms|context-only: 46 alnum near "voodoosms"|not in positives
vouchery|vouchery|context-only: 36 lowercase alnum and - near "vouchery"|not in positives
vpnapi|vpnapi|context-only: 32 alnum near "vpnapi"|not in positives
vultrapikey|vultr|context-only: 36 uppercase alnum near "vultr"|not in positives
vyte|vyte|context-only: 50 lowercase alnum near "vyte"|not in positives
walkscore|walkscore|context-only: 32 lowercase alnum near "walkscore"|not in positives
weatherbit|weatherbit|context-only: 32 lowercase alnum near "weatherbit"|not in positives
weatherstack|weatherstack|context-only: 32 lowercase alnum near "weatherstack"|not in positives
web3storage|web3|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
webex|webex|context-only: 64 hex near "webex"|not in positives
webflow|webflow|context-only: 64 lowercase alnum and A near "webflow"|not in positives
webscraper|webscraper|context-only: 60 alnum near "webscraper"|not in positives
webscraping|webscraping|context-only: 32 alnum near "webscraping"|not in positives
websitepulse|websitepulse|context-only: 32 hex near "websitepulse"|not in positives
weightsandbiases|wandb|context-only: 40 hex near "wandb"|not in positives
wepay|wepay|context-only: value near "wepay"|not in positives
whoxy|whoxy|context-only: 33 lowercase alnum near "whoxy"|not in positives
wistia|wistia|context-only: 64 lowercase alnum near "wistia"|not in positives
wit|wit|context-only: 32 uppercase alnum near "wit"|not in positives
wiz|wiz|context-only: 53 alnum near "wiz"|not in positives
worksnaps|worksnaps|context-only: 40 alnum near "worksnaps"|not in positives
workstack|workstack|context-only: 60 alnum and A near "workstack"|not in positives
worldcoinindex|worldcoinindex|context-only: 35 alnum near "worldcoinindex"|not in positives
worldweather|worldweather|context-only: 31 lowercase alnum near "worldweather"|not in positives
wrike|wrike|context-only: 333 alnum and -._ near "wrike"|not in positives
yandex|yandex|context-only: 83 alnum and . near "yandex"|not in positives
yelp|yelp|context-only: 128 alnum and -.=_ near "yelp"|not in positives
youneedabudget|youneedabudget|context-only: 64 hex near "youneedabudget"|not in positives
yousign|yousign|context-only: 32 lowercase alnum near "yousign"|not in positives
youtubeapikey|youtube|context-only: 39 alnum and -_ near "youtube"|not in positives
zendeskapi|zendesk|context-only: 40 alnum and -_ near "zendesk"|not in positives
zenkitapi|zenkit|context-only: 8 lowercase alnum + 32 alnum near "zenkit"|not in positives
zenrows|zenrows|context-only: 40 hex near "zenrows"|not in positives
zenscrape|zenscrape|context-only: uuid near "zenscrape"|not in positives
zenserp|zenserp|context-only: 36 lowercase alnum and - near "zenserp"|not in positives
zeplin|zeplin|context-only: 350..400 alnum and -. near "zeplin"|not in positives
zerobounce|zerobounce|context-only: 32 lowercase alnum near "zerobounce"|not in positives
zerotier|zerotier|context-only: 32 alnum near "zerotier"|not in positives
zipapi|zipapi|context-only: 32 alnum near "zipapi"|not in positives
zipbooks|zipbooks|context-only: 8.. alnum and !#$%=@ near "zipbooks"|not in positives
zipcodeapi|zipcodeapi|context-only: 64 alnum near "zipcodeapi"|not in positives
zipcodebase|zipcodebase|context-only: uuid near "zipcodebase"|not in positives
zonkafeedback|zonka|context-only: 36 alnum near "zonka"|not in positives
zulipchat|zulip|context-only: 2.. letters near "zulip"|not in positives
"""
