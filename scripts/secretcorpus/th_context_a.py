"""trufflehog detectors not covered by a kind of their own, part A:
name|keywords|shape|note. Most are context-only (N chars near a keyword).
Generated once from the detector sources (facts only); edit by hand.
"""
ROWS = """\
abstract|abstract|context-only: 32 lowercase alnum near "abstract"|not in positives
abyssale|abyssale|context-only: 40 alnum near "abyssale"|not in positives
accuweather|accuweather|context-only: 35 alnum and % near "accuweather"|not in positives
adobeio|adobe|context-only: 32 lowercase alnum near "adobe"|not in positives
adzuna|adzuna|context-only: 32 lowercase alnum near "adzuna"|not in positives
aeroworkflow|aeroworkflow|context-only: 20 alnum and !#*:;? near "aeroworkflow"|not in positives
agora|agora|context-only: 32 lowercase alnum near "agora"|not in positives
aha|aha.io|context-only: 64 hex near "aha.io"|not in positives
airbrakeprojectkey|airbrake|context-only: 32 alnum and - near "airbrake"|not in positives
airbrakeuserkey|airbrake|context-only: 40 alnum and - near "airbrake"|not in positives
airship|airship|context-only: 91 alnum near "airship"|not in positives
airvisual|airvisual|context-only: 36 lowercase alnum and - near "airvisual"|not in positives
aiven|aiven|context-only: 372 alnum and +/= near "aiven"|not in positives
alconost|alconost|context-only: 32 lowercase alnum and A near "alconost"|not in positives
alegra|alegra|context-only: 20 lowercase alnum and - near "alegra"|not in positives
aletheiaapi|aletheiaapi|context-only: 32 uppercase alnum near "aletheiaapi"|not in positives
algoliaadminkey|algolia,docsearch|context-only: 10 uppercase alnum near "algolia"|not in positives
alienvault|alienvault|context-only: 64 lowercase alnum near "alienvault"|not in positives
allsports|allsports|context-only: 64 lowercase alnum near "allsports"|not in positives
amadeus|amadeus|context-only: 32 alnum near "amadeus"|not in positives
ambee|ambee|context-only: 64 hex near "ambee"|not in positives
amplitudeapikey|amplitude|context-only: 32 hex near "amplitude"|not in positives
anypoint|anypoint|context-only: uuid near "anypoint"|not in positives
anypointoauth2|anypoint|context-only: 32 hex near "anypoint"|not in positives
apacta|apacta|context-only: 36 lowercase alnum and - near "apacta"|not in positives
api2cart|api2cart|context-only: 32 hex near "api2cart"|not in positives
apiflash|apiflash|context-only: 32 lowercase alnum near "apiflash"|not in positives
apifonica|apifonica|context-only: 11 lowercase alnum + 4 lowercase alnum + 4 lowercase alnum near "apifonica"|not in positives
apilayer|apilayer|context-only: 32 alnum near "apilayer"|not in positives
apimatic|apimatic|context-only: 64 alnum and -_ near "apimatic"|not in positives
apimetrics|apimetrics|context-only: 32 alnum near "apimetrics"|not in positives
apitemplate|apitemplate|context-only: 39 alnum near "apitemplate"|not in positives
apollo|apollo|context-only: 22 alnum near "apollo"|not in positives
appcues|appcues|context-only: 36 lowercase alnum and - near "appcues"|not in positives
appfollow|appfollow|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
appointedd|appointedd|context-only: 88 alnum and += near "appointedd"|not in positives
appsynergy|appsynergy|context-only: 64 lowercase alnum near "appsynergy"|not in positives
apptivo|apptivo|context-only: 36 lowercase alnum and - near "apptivo"|not in positives
artsy|artsy|context-only: 32 alnum near "artsy"|not in positives
asanaoauth|asana|context-only: 51 lowercase alnum and /: near "asana"|not in positives
assemblyai|assemblyai|context-only: 32 lowercase alnum near "assemblyai"|not in positives
atera|atera|context-only: 32 lowercase alnum near "atera"|not in positives
audd|audd|context-only: 32 lowercase alnum and - near "audd"|not in positives
auth0managementapitoken|auth0|context-only: `ey…` JWT-like management token near "auth0"|not in positives
auth0oauth|auth0|context-only: 32..60 alnum and -_ near "auth0"|not in positives
autodesk|autodesk|context-only: 32 alnum near "autodesk"|not in positives
autoklose|autoklose|context-only: 32 alnum and - near "autoklose"|not in positives
autopilot|autopilot|context-only: 32 hex near "autopilot"|not in positives
avazapersonalaccesstoken|avaza|context-only: 40 hex near "avaza"|not in positives
aviationstack|aviationstack|context-only: 32 lowercase alnum near "aviationstack"|not in positives
axonaut|axonaut|context-only: 32 lowercase alnum near "axonaut"|not in positives
aylien|aylien|context-only: 32 lowercase alnum near "aylien"|not in positives
ayrshare|ayrshare|context-only: 8 uppercase alnum + 8 uppercase alnum + 8 uppercase alnum near "ayrshare"|not in positives
azure_batch|.batch.azure.com|context-only: 88 alnum and +/= near ".batch.azure.com"|not in positives
azure_openai|.openai.azure.com|context-only: 32 hex near ".openai.azure.com"|not in positives
azureapimanagementsubscriptionkey|.azure-api.net|context-only: value near ".azure-api.net"|not in positives
azuredevopspersonalaccesstoken|azure|context-only: 52 lowercase alnum near "azure"|not in positives
azuredirectmanagementkey|.management.azure-api.net|context-only: value near ".management.azure-api.net"|not in positives
azurefunctionkey|azure|context-only: 20..56 alnum and -_ near "azure"|not in positives
azuresearchadminkey|azure|context-only: 52 alnum near "azure"|not in positives
azuresearchquerykey|azure|context-only: 52 alnum near "azure"|not in positives
beamer|beamer|context-only: 45 alnum and +/_ near "beamer"|not in positives
beebole|beebole|context-only: 40 lowercase alnum near "beebole"|not in positives
besnappy|besnappy|context-only: 64 hex near "besnappy"|not in positives
betterstack|betterstack|context-only: 24 alnum near "betterstack"|not in positives
billomat|billomat|context-only: 32 hex near "billomat"|not in positives
bitbar|bitbar|context-only: 32 alnum near "bitbar"|not in positives
bitcoinaverage|bitcoinaverage|context-only: 43 alnum near "bitcoinaverage"|not in positives
bitfinex|bitfinex|context-only: 43 alnum and -_ near "bitfinex"|not in positives
bitmex|bitmex|context-only: 24 alnum and -_ near "bitmex"|not in positives
blazemeter|blazemeter,runscope|context-only: uuid near "blazemeter"|not in positives
blitapp|blitapp|context-only: 39 alnum and -_ near "blitapp"|not in positives
blocknative|blocknative|context-only: uuid near "blocknative"|not in positives
bombbomb|bombbomb|context-only: value near "bombbomb"|not in positives
boostnote|boostnote|context-only: 64 hex near "boostnote"|not in positives
borgbase|borgbase|context-only: 148..152 alnum and -./_ near "borgbase"|not in positives
box|box|context-only: 32 alnum near "box"|not in positives
boxoauth|box|context-only: 32 alnum near "box"|not in positives
braintreepayments|braintree|context-only: 32 hex near "braintree"|not in positives
braintrust|braintrust|context-only: `sk-` + 48 alnum near "braintrust"|not in positives
brandfetch|brandfetch|context-only: 40 alnum near "brandfetch"|not in positives
browshot|browshot|context-only: 28 alnum and - near "browshot"|not in positives
bscscan|bscscan|context-only: 34 uppercase alnum near "bscscan"|not in positives
buddyns|buddyns|context-only: 40 lowercase alnum near "buddyns"|not in positives
budibase|budibase|context-only: 32 hex + 78..80 hex near "budibase"|not in positives
bugherd|bugherd|context-only: 22 lowercase alnum near "bugherd"|not in positives
bugsnag|bugsnag|context-only: uuid near "bugsnag"|not in positives
bulbul|bulbul|context-only: 32 lowercase alnum near "bulbul"|not in positives
bulksms|bulksms|context-only: 29 alnum and !#$%&()*@ near "bulksms"|not in positives
buttercms|buttercms|context-only: 40 lowercase alnum near "buttercms"|not in positives
caflou|caflou|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
calendarific|calendarific|context-only: 32 alnum near "calendarific"|not in positives
calendlyapikey|calendly|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
calorieninja|calorieninja|context-only: 40 alnum near "calorieninja"|not in positives
campayn|campayn|context-only: 64 lowercase alnum near "campayn"|not in positives
cannyio|canny|context-only: uuid near "canny"|not in positives
capsulecrm|capsulecrm|context-only: 64 alnum and +-.=_ near "capsulecrm"|not in positives
captaindata|captaindata|context-only: 64 hex near "captaindata"|not in positives
carboninterface|carboninterface|context-only: 21 alnum near "carboninterface"|not in positives
cashboard|cashboard|context-only: 3 uppercase alnum + 3 uppercase alnum + 3 uppercase alnum near "cashboard"|not in positives
caspio|caspio|context-only: 50 lowercase alnum near "caspio"|not in positives
censys|censys|context-only: 32 alnum near "censys"|not in positives
centralstationcrm|centralstationcrm|context-only: 30 lowercase alnum near "centralstationcrm"|not in positives
cexio|cex.io,cexio|context-only: 24..27 alnum near "cex.io"|not in positives
chartmogul|chartmogul|context-only: 32 lowercase alnum near "chartmogul"|not in positives
chatbot|chatbot|context-only: 32 alnum and _ near "chatbot"|not in positives
chatfule|chatfuel|context-only: 128 alnum near "chatfuel"|not in positives
checio|checio|context-only: `pk_` + 45 lowercase alnum near "checio"|not in positives
checklyhq|checklyhq|context-only: 32 lowercase alnum near "checklyhq"|not in positives
checkvist|checkvist|context-only: 14 alnum near "checkvist"|not in positives
cicero|cicero|context-only: 40 lowercase alnum near "cicero"|not in positives
clarifai|clarifai|context-only: 32 alnum near "clarifai"|not in positives
clearbit|clearbit|context-only: 35 lowercase alnum and _ near "clearbit"|not in positives
clickhelp|clickhelp.co|context-only: 24 alnum near "clickhelp.co"|not in positives
clicksendsms|clicksendsms|context-only: value near "clicksendsms"|not in positives
cliengo|cliengo|context-only: uuid near "cliengo"|not in positives
clientary|clientary,ronin|context-only: 24..26 alnum near "clientary"|not in positives
clinchpad|clinchpad|context-only: 32 lowercase alnum near "clinchpad"|not in positives
clockify|clockify|context-only: 48 alnum near "clockify"|not in positives
clockworksms|clockworksms,textanywhere|context-only: 5 digits near "clockworksms"|not in positives
cloudconvert|cloudconvert|context-only: value near "cloudconvert"|not in positives
cloudelements|cloudelements|context-only: 43 alnum near "cloudelements"|not in positives
cloudimage|cloudimage|context-only: 30 lowercase alnum and _ near "cloudimage"|not in positives
cloudinary|cloudinary|context-only: 2..49 alnum and - near "cloudinary"|not in positives
cloudmersive|cloudmersive|context-only: 36 lowercase alnum and - near "cloudmersive"|not in positives
cloudplan|cloudplan|context-only: 32 uppercase alnum and - near "cloudplan"|not in positives
cloudsmith|cloudsmith|context-only: 40 hex near "cloudsmith"|not in positives
cloverly|cloverly|context-only: 28 lowercase alnum and :_ near "cloverly"|not in positives
cloze|cloze|context-only: 32 hex near "cloze"|not in positives
clustdoc|clustdoc|context-only: 60 alnum near "clustdoc"|not in positives
coda|coda|context-only: uuid near "coda"|not in positives
codacy|codacy|context-only: 20 alnum near "codacy"|not in positives
codeclimate|codeclimate|context-only: 40 hex near "codeclimate"|not in positives
codemagic|codemagic|context-only: value near "codemagic"|not in positives
codequiry|codequiry|context-only: 64 alnum and - near "codequiry"|not in positives
coinapi|coinapi|context-only: 36 uppercase alnum and - near "coinapi"|not in positives
coinbase|begin ec|PEM private key|covered by kind pem-ec
coinlayer|coinlayer|context-only: 32 lowercase alnum near "coinlayer"|not in positives
coinlib|coinlib|context-only: 16 lowercase alnum near "coinlib"|not in positives
collect2|collect2|context-only: uuid near "collect2"|not in positives
column|column|context-only: `test_`/`live_` + 27 alnum near "column"|not in positives
commercejs|commercejs|context-only: 48 lowercase alnum and _ near "commercejs"|not in positives
commodities|commodities|context-only: 60 alnum near "commodities"|not in positives
companyhub|companyhub|context-only: 20 alnum near "companyhub"|not in positives
confluent|confluent|context-only: 16 alnum near "confluent"|not in positives
conversiontools|conversiontools|context-only: 157..165 alnum and ._ near "conversiontools"|not in positives
convertapi|convertapi|context-only: `secret_` + 16 alnum near "convertapi"|not in positives
convertkit|convertkit|context-only: 22 alnum and _ near "convertkit"|not in positives
convier|convier|context-only: 2 digits + 40 alnum near "convier"|not in positives
copper|copper|context-only: 32 lowercase alnum near "copper"|not in positives
couchbase|couchbase://,couchbases://|context-only: password near a cb.*.cloud.couchbase.com host near "couchbase://"|not in positives
countrylayer|countrylayer|context-only: 32 lowercase alnum near "countrylayer"|not in positives
courier|courier|context-only: `pk_` + alnum + `_` + 28 alnum near "courier"|not in positives
coveralls|coveralls|context-only: 37 alnum and - near "coveralls"|not in positives
craftmypdf|craftmypdf|context-only: 35 alnum near "craftmypdf"|not in positives
crowdin|crowdin|context-only: 80 alnum near "crowdin"|not in positives
cryptocompare|cryptocompare|context-only: 64 lowercase alnum and - near "cryptocompare"|not in positives
currencycloud|currencycloud|context-only: 64 lowercase alnum near "currencycloud"|not in positives
currencyfreaks|currencyfreaks|context-only: 32 lowercase alnum near "currencyfreaks"|not in positives
currencylayer|currencylayer|context-only: 32 lowercase alnum near "currencylayer"|not in positives
currencyscoop|currencyscoop|context-only: 32 lowercase alnum near "currencyscoop"|not in positives
currentsapi|currentsapi|context-only: 48 alnum and -_ near "currentsapi"|not in positives
customerguru|customerguru|context-only: 30 alnum near "customerguru"|not in positives
customerio|customerio|context-only: 20 alnum near "customerio"|not in positives
d7network|d7network|context-only: 23 alnum and SW near "d7network"|not in positives
dailyco|daily|context-only: 64 hex near "daily"|not in positives
dandelion|dandelion|context-only: 32 lowercase alnum near "dandelion"|not in positives
dareboost|dareboost|context-only: 60 alnum near "dareboost"|not in positives
databox|databox|context-only: value near "databox"|not in positives
datagov|data.gov|context-only: 40 alnum near "data.gov"|not in positives
debounce|debounce|context-only: 13 alnum near "debounce"|not in positives
deepai|deepai|context-only: 36 lowercase alnum and - near "deepai"|not in positives
deepgram|deepgram|context-only: 40 lowercase alnum near "deepgram"|not in positives
delighted|delighted|context-only: 32 alnum near "delighted"|not in positives
demio|demio|context-only: 32 alnum near "demio"|not in positives
deputy|deputy|context-only: 32 lowercase alnum near "deputy"|not in positives
detectify|detectify|context-only: 32 lowercase alnum near "detectify"|not in positives
detectlanguage|detectlanguage|context-only: 32 lowercase alnum near "detectlanguage"|not in positives
diffbot|diffbot|context-only: 32 lowercase alnum near "diffbot"|not in positives
diggernaut|diggernaut|context-only: 40 lowercase alnum near "diggernaut"|not in positives
digitaloceantoken|digitalocean|context-only: 64 alnum and -_ near "digitalocean"|not in positives
disqus|disqus|context-only: 64 alnum near "disqus"|not in positives
ditto|ditto|context-only: uuid near "ditto"|not in positives
dnscheck|dnscheck|context-only: 32 alnum near "dnscheck"|not in positives
docparser|docparser|context-only: 40 hex near "docparser"|not in positives
documo|documo|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
docusign|docusign|context-only: value near "docusign"|not in positives
dotdigital|@apiconnector.com|context-only: 12 lowercase alnum near "@apiconnector.com"|not in positives
dovico|dovico|context-only: 32 lowercase alnum + 1.. lowercase alnum near "dovico"|not in positives
dronahq|dronahq|context-only: 50 lowercase alnum near "dronahq"|not in positives
droneci|droneci|context-only: 32 alnum near "droneci"|not in positives
duo|duosecurity|context-only: 40 alnum secret (`DI` + 18 is the integration id) near "duosecurity"|not in positives
duply|duply|context-only: uuid near "duply"|not in positives
dwolla|dwolla|context-only: 50 alnum and - near "dwolla"|not in positives
dynalist|dynalist|context-only: 128 alnum and -_ near "dynalist"|not in positives
dyspatch|dyspatch|context-only: 52 uppercase alnum near "dyspatch"|not in positives
eagleeyenetworks|eagleeyenetworks|context-only: 15 alnum near "eagleeyenetworks"|not in positives
easyinsight|easy-insight,easyinsight|context-only: 20 alnum near "easy-insight"|not in positives
ecostruxureit|ecostruxureit|context-only: `AK1` + 50..55 alnum and / near "ecostruxureit"|not in positives
edamam|edamam|context-only: 32 lowercase alnum near "edamam"|not in positives
edenai|edenai|context-only: 36 alnum + 92 alnum + 43 alnum and _ near "edenai"|not in positives
eightxeight|8x8|context-only: 43 alnum near "8x8"|not in positives
enablex|enablex|context-only: 36 alnum near "enablex"|not in positives
enigma|enigma|context-only: 40 alnum near "enigma"|not in positives
envoyapikey|envoy|context-only: 220 alnum near "envoy"|not in positives
eraser|eraser|context-only: 20 alnum near "eraser"|not in positives
etherscan|etherscan|context-only: 34 uppercase alnum near "etherscan"|not in positives
ethplorer|ethplorer|context-only: 22 alnum and - near "ethplorer"|not in positives
eventbrite|eventbrite|context-only: 20 uppercase alnum near "eventbrite"|not in positives
everhour|everhour|context-only: 4 hex + 4 hex + 6 hex near "everhour"|not in positives
exchangerateapi|exchange-rate,exchangerate|context-only: 24 hex near "exchange-rate"|not in positives
exchangeratesapi|exchangerates|context-only: 32 lowercase alnum near "exchangerates"|not in positives
exportsdk|exportsdk|context-only: 5..15 lowercase alnum + 36 lowercase alnum and - near "exportsdk"|not in positives
extractorapi|extractorapi|context-only: 40 alnum and - near "extractorapi"|not in positives
facebookoauth|facebook|context-only: 32 alnum near "facebook"|not in positives
faceplusplus|faceplusplus|context-only: 32 alnum and -_ near "faceplusplus"|not in positives
fastforex|fastforex|context-only: 28 lowercase alnum and - near "fastforex"|not in positives
fastlypersonaltoken|fastly|context-only: 32 alnum and -_ near "fastly"|not in positives
feedier|feedier|context-only: 32 alnum near "feedier"|not in positives
fetchrss|fetchrss|context-only: 40 alnum and . near "fetchrss"|not in positives
fibery|.fibery.io|context-only: 8 hex + 35 hex near ".fibery.io"|not in positives
fileio|fileio|context-only: 39 uppercase alnum and -. near "fileio"|not in positives
finage|finage|context-only: `API_KEY` + 32 uppercase alnum near "finage"|not in positives
financialmodelingprep|financialmodelingprep|context-only: 32 alnum near "financialmodelingprep"|not in positives
findl|findl|context-only: uuid near "findl"|not in positives
finnhub|finnhub|context-only: 20 lowercase alnum near "finnhub"|not in positives
fixerio|fixer|context-only: 32 alnum near "fixer"|not in positives
flatio|flat|context-only: 128 lowercase alnum near "flat"|not in positives
flickr|flickr|context-only: 32 lowercase alnum near "flickr"|not in positives
flightapi|flightapi|context-only: 24 lowercase alnum near "flightapi"|not in positives
flightlabs|eyj0exaioijkv1qilcjhbgcioijsuzi1nij9|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
flightstats|flightstats|context-only: 8 lowercase alnum near "flightstats"|not in positives
float|float|context-only: 16 hex + 42..43 alnum and +/ near "float"|not in positives
flowflu|flowflu|context-only: 51 alnum near "flowflu"|not in positives
fmfw|fmfw|context-only: 32 alnum and -_ near "fmfw"|not in positives
formbucket|formbucket|context-only: 1.. alnum + 1.. alnum + 1.. alnum and -_ near "formbucket"|not in positives
formcraft|formcraft|context-only: 16 lowercase alnum near "formcraft"|not in positives
formio|formio|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
formsite|formsite|context-only: 32 alnum near "formsite"|not in positives
foursquare|foursquare|context-only: 48 uppercase alnum near "foursquare"|not in positives
front|front|context-only: 36 alnum + 188..244 alnum and -._ near "front"|not in positives
fulcrum|fulcrum|context-only: 80 lowercase alnum near "fulcrum"|not in positives
fullstory|fullstory|context-only: 88 alnum and +-/ near "fullstory"|not in positives
fxmarket|fxmarket|context-only: 20 alnum and -=A_ near "fxmarket"|not in positives
geckoboard|geckoboard|context-only: 44 alnum near "geckoboard"|not in positives
generic|password,secret,token|context-only: 16..64 printable chars near a generic secret keyword|not in positives
gengo|gengo|context-only: 64 alnum and symbols near "gengo"|not in positives
geoapify|geoapify|context-only: 32 lowercase alnum near "geoapify"|not in positives
geocode|geocode|context-only: 28 lowercase alnum near "geocode"|not in positives
geocodify|geocodify|context-only: 40 lowercase alnum near "geocodify"|not in positives
geocodio|geocod|context-only: 39 lowercase alnum near "geocod"|not in positives
geoipifi|ipifi|context-only: 32 alnum and _ near "ipifi"|not in positives
getemail|getemail|context-only: 20 alnum and - near "getemail"|not in positives
getemails|getemails|context-only: 26 lowercase alnum and - near "getemails"|not in positives
getgeoapi|getgeoapi|context-only: 40 lowercase alnum near "getgeoapi"|not in positives
getgist|getgist|context-only: 68 alnum and += near "getgist"|not in positives
getsandbox|getsandbox|context-only: 40 lowercase alnum and - near "getsandbox"|not in positives
github_oauth2|github|context-only: 20 alnum near "github"|not in positives
githubapp|github|PEM private key|covered by kind pem-rsa
gitter|gitter|context-only: 40 lowercase alnum and - near "gitter"|not in positives
glassnode|glassnode|context-only: 27 alnum near "glassnode"|not in positives
gocanvas|gocanvas|context-only: 43 alnum and +/ near "gocanvas"|not in positives
godaddy|godaddy|context-only: value near "godaddy"|not in positives
goodday|goodday|context-only: 32 lowercase alnum near "goodday"|not in positives
graphcms|graphcms|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
graphhopper|graphhopper|context-only: 36 lowercase alnum and - near "graphhopper"|not in positives
groovehq|groovehq|context-only: 64 alnum near "groovehq"|not in positives
gtmetrix|gtmetrix|context-only: 32 hex near "gtmetrix"|not in positives
guardianapi|guardianapi|context-only: uuid near "guardianapi"|not in positives
gumroad|gumroad|context-only: 43 alnum and - near "gumroad"|not in positives
guru|guru|context-only: 3..20 alnum + 2..12 alnum + 2..5 alnum near "guru"|not in positives
gyazo|gyazo|context-only: 43 alnum and - near "gyazo"|not in positives
happyscribe|happyscribe|context-only: 24 alnum near "happyscribe"|not in positives
harvest|harvest|context-only: 97 alnum and ._ near "harvest"|not in positives
hashicorpvault|hvb.|`hvb.` batch token with a *.hashicorp.cloud URL|same shape as kind vault-batch-token; not a separate kind
hashicorpvaultauth|hashicorp|context-only: uuid near "hashicorp"|not in positives
hasura|hasura|context-only: 64 alnum near "hasura"|not in positives
hellosign|hellosign|context-only: 64 alnum and +-/ near "hellosign"|not in positives
helpcrunch|helpcrunch|context-only: 328 alnum and +-/= near "helpcrunch"|not in positives
helpscout|helpscout|context-only: 40 lowercase alnum near "helpscout"|not in positives
hereapi|hereapi|context-only: 43 alnum and S near "hereapi"|not in positives
hive|hive|context-only: 17 alnum near "hive"|not in positives
hiveage|hiveage|context-only: 20 alnum and -_ near "hiveage"|not in positives
holidayapi|holidayapi|context-only: 36 lowercase alnum and - near "holidayapi"|not in positives
holistic|holistic|context-only: 64 hex near "holistic"|not in positives
host|host.io|context-only: 14 lowercase alnum near "host.io"|not in positives
html2pdf|html2pdf|context-only: 64 alnum near "html2pdf"|not in positives
humanity|humanity|context-only: 40 lowercase alnum near "humanity"|not in positives
hybiscus|hybiscus|context-only: 43 alnum near "hybiscus"|not in positives
hypertrack|hypertrack|context-only: 27 alnum and -_ near "hypertrack"|not in positives
ibmclouduserkey|ibm|context-only: 44 alnum and -_ near "ibm"|not in positives
iconfinder|iconfinder|context-only: 64 alnum near "iconfinder"|not in positives
iexapis|iexapis|context-only: `sk_` + 32 lowercase alnum near "iexapis"|not in positives
iexcloud|iexcloud|context-only: 35 lowercase alnum and _ near "iexcloud"|not in positives
imagekit|imagekit|context-only: 36 alnum and =_ near "imagekit"|not in positives
imagga|imagga|context-only: 72 alnum and = near "imagga"|not in positives
impala|impala|context-only: 46 alnum and _ near "impala"|not in positives
infura|infura|context-only: 32 lowercase alnum near "infura"|not in positives
insightly|insightly|context-only: 36 lowercase alnum and - near "insightly"|not in positives
instabot|instabot|context-only: 43 alnum and +/= + 1 alnum and +/= near "instabot"|not in positives
instamojo|instamojo|context-only: 40 alnum near "instamojo"|not in positives
interseller|interseller|context-only: uuid near "interseller"|not in positives
intrinio|intrinio|context-only: 44 alnum near "intrinio"|not in positives
invoiceocean|invoiceocean|context-only: 20 alnum near "invoiceocean"|not in positives
ip2location|ip2location|context-only: 32 uppercase alnum near "ip2location"|not in positives
ipapi|ipapi|context-only: 32 lowercase alnum near "ipapi"|not in positives
ipgeolocation|ipgeolocation|context-only: 32 lowercase alnum near "ipgeolocation"|not in positives
ipinfodb|ipinfodb|context-only: 64 lowercase alnum near "ipinfodb"|not in positives
ipquality|ipquality|context-only: 32 alnum near "ipquality"|not in positives
ipstack|ipstack|context-only: 32 hex near "ipstack"|not in positives
jotform|jotform|context-only: 32 lowercase alnum and A near "jotform"|not in positives
jumpcloud|jumpcloud|context-only: 40 alnum near "jumpcloud"|not in positives
jupiterone|jupiterone|context-only: 76 alnum near "jupiterone"|not in positives
juro|juro|context-only: 40 alnum near "juro"|not in positives
kanban|kanban|context-only: 12 uppercase alnum near "kanban"|not in positives
kanbantool|kanbantool|context-only: 12 uppercase alnum near "kanbantool"|not in positives
karmacrm|karmacrm|context-only: 20 alnum near "karmacrm"|not in positives
keenio|keen|context-only: 64 uppercase alnum near "keen"|not in positives
kickbox|kickbox|context-only: 64 alnum near "kickbox"|not in positives
klipfolio|klipfolio|context-only: 40 hex near "klipfolio"|not in positives
knapsackpro|knapsackpro|context-only: 32 lowercase alnum near "knapsackpro"|not in positives
kontent|kontent|context-only: value near "kontent"|not in positives
kylas|kylas|context-only: 36 lowercase alnum and - near "kylas"|not in positives
languagelayer|languagelayer|context-only: 32 lowercase alnum near "languagelayer"|not in positives
larksuite|lark,larksuite|context-only: `t-`/`u-`/`a-` + 14..50 alnum/._ near "lark"|not in positives
larksuiteapikey|cli_,lark,larksuite|identifier or publishable key|not a secret on its own; not in positives
leadfeeder|leadfeeder|context-only: 43 alnum and - near "leadfeeder"|not in positives
lemlist|lemlist|context-only: 32 hex near "lemlist"|not in positives
lemonsqueezy|lemonsqueezy|JWT (`eyJ…` three parts)|same shape as kind jwt; not a separate kind
lendflow|lendflow|context-only: 36 alnum + 235 alnum + 32 alnum near "lendflow"|not in positives
lessannoyingcrm|lessannoyingcrm|context-only: 57 alnum and - near "lessannoyingcrm"|not in positives
lexigram|lexigram|context-only: 301 alnum and S near "lexigram"|not in positives
"""
