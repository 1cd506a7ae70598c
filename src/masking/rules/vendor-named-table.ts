import { isIn } from "../runs.js";
import { compileShape, type Shape } from "./shape.js";

/*
 * The vendors' secrets that vendor-named.ts finds after a key naming the
 * vendor alone, as data: one row per gitleaks keyword rule.
 */

/** A vendor's secret: the names a key holds for it (lower case, no separators) and its shape. */
export interface Row {
  readonly id: string;
  readonly family: string;
  readonly names: readonly string[];
  readonly shape: Shape;
  readonly min: number;
  readonly max: number;
  /** May the shape hold a digit: then the value must (a word holds none). */
  readonly digits: boolean;
  readonly source: string;
}

/** A class range in lower case gains its capitals and the other way round: gitleaks' rules are case-insensitive (`(?i)`). */
function anyCase(shape: string): string {
  return shape.replace(/\[([^\]]*)\]/g, (_, body: string) => `[${body.replace(/([a-z])-([a-z])|([A-Z])-([A-Z])/g, (range: string) => `${range}${range === range.toLowerCase() ? range.toUpperCase() : range.toLowerCase()}`)}]`);
}

const row = (id: string, names: readonly string[], shape: string, file: string, family = file): Row => {
  const compiled = compileShape(anyCase(shape));
  let min = 0;
  let max = 0;
  for (const segment of compiled.segments) {
    min += "literal" in segment ? segment.literal.length : segment.min;
    max += "literal" in segment ? segment.literal.length : segment.max;
  }
  const digits = compiled.segments.some((segment) => ("literal" in segment ? /[0-9]/.test(segment.literal) : isIn(segment.set, 48)));
  return { id, family, names, shape: compiled, min, max, digits, source: `gitleaks cmd/generate/config/rules/${file}.go` };
};

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/**
 * gitleaks' keyword rules whose keyword names a vendor and whose secret has
 * no prefix the token table finds it by alone (cmd/generate/config/rules/<file>.go,
 * `utils.GenerateSemiGenericRegex(keywords, secret, …)`), with the keywords
 * as names. Cloudflare's, Sonar's and MessageBird's client id are
 * vendor-keyed.ts' rows (their keys end otherwise); Sumo Logic's id is there
 * for keys that end in `id` or a secret word, and here for `sumo` alone.
 * Adding a vendor is one row.
 */
export const VENDOR_NAMED: readonly Row[] = [
  row("adafruit-api-key", ["adafruit"], "[a-z0-9_-]{32}", "adafruit"),
  row("adobe-client-id", ["adobe"], "[a-f0-9]{32}", "adobe"),
  row("airtable-api-key", ["airtable"], "[a-z0-9]{17}", "airtable"),
  row("algolia-api-key", ["algolia"], "[a-z0-9]{32}", "algolia"),
  row("alibaba-secret-key", ["alibaba"], "[a-z0-9]{30}", "alibaba"),
  row("asana-client-secret", ["asana"], "[a-z0-9]{32}", "asana"),
  row("atlassian-api-token", ["atlassian", "confluence", "jira"], "[a-z0-9]{20}[a-f0-9]{4}", "atlassian"),
  row("beamer-api-token", ["beamer"], "b_[a-z0-9=_-]{44}", "beamer"),
  row("bitbucket-client-id", ["bitbucket"], "[a-z0-9]{32}", "bitbucket"),
  row("bitbucket-client-secret", ["bitbucket"], "[a-z0-9=_-]{64}", "bitbucket"),
  row("bittrex-access-key", ["bittrex"], "[a-z0-9]{32}", "bittrex"),
  row("cisco-meraki-api-key", ["meraki"], "[0-9a-f]{40}", "cisco_meraki", "meraki"),
  row("codecov-access-token", ["codecov"], "[a-z0-9]{32}", "codecov"),
  row("cohere-api-token", ["cohere"], "[a-zA-Z0-9]{40}", "cohere"),
  row("coinbase-access-token", ["coinbase"], "[a-z0-9_-]{64}", "coinbase"),
  row("confluent-access-token", ["confluent"], "[a-z0-9]{16}", "confluent"),
  row("confluent-secret-key", ["confluent"], "[a-z0-9]{64}", "confluent"),
  row("contentful-delivery-api-token", ["contentful"], "[a-z0-9=_-]{43}", "contentful"),
  row("datadog-access-token", ["datadog"], "[a-z0-9]{40}", "datadog"),
  row("discord-api-token", ["discord"], "[a-f0-9]{64}", "discord"),
  row("discord-client-secret", ["discord"], "[a-z0-9=_-]{32}", "discord"),
  row("droneci-access-token", ["droneci"], "[a-z0-9]{32}", "droneci"),
  row("dropbox-api-token", ["dropbox"], "[a-z0-9]{15}", "dropbox"),
  row("dropbox-long-lived-api-token", ["dropbox"], "[a-z0-9]{11}AAAAAAAAAA[a-z0-9_=-]{43}", "dropbox"),
  row("dropbox-short-lived-api-token", ["dropbox"], "sl.[a-z0-9=_-]{135}", "dropbox"),
  row("etsy-access-token", ["etsy"], "[a-z0-9]{24}", "etsy"),
  row("facebook-secret", ["facebook"], "[a-f0-9]{32}", "facebook"),
  row("fastly-api-token", ["fastly"], "[a-z0-9=_-]{32}", "fastly"),
  row("finicity-api-token", ["finicity"], "[a-f0-9]{32}", "finicity"),
  row("finicity-client-secret", ["finicity"], "[a-z0-9]{20}", "finicity"),
  row("finnhub-access-token", ["finnhub"], "[a-z0-9]{20}", "finnhub"),
  row("flickr-access-token", ["flickr"], "[a-z0-9]{32}", "flickr"),
  row("freshbooks-access-token", ["freshbooks"], "[a-z0-9]{64}", "freshbooks"),
  row("gitter-access-token", ["gitter"], "[a-z0-9_-]{40}", "gitter"),
  row("gocardless-api-token", ["gocardless"], "live_[a-z0-9_=-]{40}", "gocardless"),
  row("heroku-api-key", ["heroku"], UUID, "heroku"),
  row("hubspot-api-key", ["hubspot"], UUID, "hubspot"),
  row("intercom-api-key", ["intercom"], "[a-z0-9=_-]{60}", "intercom"),
  row("jfrog-api-key", ["jfrog", "artifactory", "bintray", "xray"], "[a-z0-9]{73}", "jfrog"),
  row("jfrog-identity-token", ["jfrog", "artifactory", "bintray", "xray"], "[a-z0-9]{64}", "jfrog"),
  row("kraken-access-token", ["kraken"], "[a-z0-9/=_+-]{80,90}", "kraken"),
  row("kucoin-access-token", ["kucoin"], "[a-f0-9]{24}", "kucoin"),
  row("kucoin-secret-key", ["kucoin"], UUID, "kucoin"),
  row("launchdarkly-access-token", ["launchdarkly"], "[a-z0-9=_-]{40}", "launchdarkly"),
  row("linear-client-secret", ["linear"], "[a-f0-9]{32}", "linear"),
  row("linkedin-client-id", ["linkedin"], "[a-z0-9]{14}", "linkedin"),
  row("linkedin-client-secret", ["linkedin"], "[a-z0-9]{16}", "linkedin"),
  row("lob-api-key", ["lob"], "live_[a-f0-9]{35}", "lob"),
  row("lob-api-key", ["lob"], "test_[a-f0-9]{35}", "lob"),
  row("lob-pub-api-key", ["lob"], "test_pub_[a-f0-9]{31}", "lob"),
  row("lob-pub-api-key", ["lob"], "live_pub_[a-f0-9]{31}", "lob"),
  row("looker-client-id", ["looker"], "[a-z0-9]{20}", "looker"),
  row("looker-client-secret", ["looker"], "[a-z0-9]{24}", "looker"),
  row("mailchimp-api-key", ["mailchimp"], "[a-f0-9]{32}-us[0-9]{2}", "mailchimp"),
  row("mailgun-private-api-token", ["mailgun"], "key-[a-f0-9]{32}", "mailgun"),
  row("mailgun-pub-key", ["mailgun"], "pubkey-[a-f0-9]{32}", "mailgun"),
  row("mailgun-signing-key", ["mailgun"], "[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}", "mailgun"),
  row("mapbox-api-token", ["mapbox"], "pk.[a-z0-9]{60}.[a-z0-9]{22}", "mapbox"),
  row("mattermost-access-token", ["mattermost"], "[a-z0-9]{26}", "mattermost"),
  row("messagebird-api-token", ["messagebird"], "[a-z0-9]{25}", "messagebird"),
  row("netlify-access-token", ["netlify"], "[a-z0-9=_-]{40,46}", "netlify"),
  row("new-relic-user-api-id", ["newrelic"], "[a-z0-9]{64}", "newrelic", "new-relic"),
  row("new-relic-browser-api-token", ["newrelic"], "NRJS-[a-f0-9]{19}", "newrelic", "new-relic"),
  row("nytimes-access-token", ["nytimes", "newyorktimes"], "[a-z0-9=_-]{32}", "nytimes"),
  row("okta-access-token", ["okta"], "00[a-z0-9=_-]{40}", "okta"),
  row("plaid-api-token", ["plaid"], `access-sandbox-${UUID}`, "plaid"),
  row("plaid-api-token", ["plaid"], `access-development-${UUID}`, "plaid"),
  row("plaid-api-token", ["plaid"], `access-production-${UUID}`, "plaid"),
  row("plaid-client-id", ["plaid"], "[a-z0-9]{24}", "plaid"),
  row("plaid-secret-key", ["plaid"], "[a-z0-9]{30}", "plaid"),
  row("privateai-api-token", ["privateai"], "[a-z0-9]{32}", "privateai"),
  row("rapidapi-access-token", ["rapidapi"], "[a-z0-9_-]{50}", "rapidapi"),
  row("sendbird-access-id", ["sendbird"], UUID, "sendbird"),
  row("sendbird-access-token", ["sendbird"], "[a-f0-9]{40}", "sendbird"),
  row("sentry-access-token", ["sentry"], "[a-f0-9]{64}", "sentry"),
  row("squarespace-access-token", ["squarespace"], UUID, "squarespace"),
  row("sumologic-access-id", ["sumo"], "su[a-zA-Z0-9]{12}", "sumologic"),
  row("sumologic-access-token", ["sumo"], "[a-z0-9]{64}", "sumologic"),
  row("travisci-access-token", ["travis"], "[a-z0-9]{22}", "travisci"),
  row("twitch-api-token", ["twitch"], "[a-z0-9]{30}", "twitch"),
  row("twitter-access-secret", ["twitter"], "[a-z0-9]{45}", "twitter"),
  row("twitter-access-token", ["twitter"], "[0-9]{15,25}-[a-zA-Z0-9]{20,40}", "twitter"),
  row("twitter-api-key", ["twitter"], "[a-z0-9]{25}", "twitter"),
  row("twitter-api-secret", ["twitter"], "[a-z0-9]{50}", "twitter"),
  row("twitter-bearer-token", ["twitter"], "AAAAAAAAAAAAAAAAAAAAAA[a-zA-Z0-9%]{80,100}", "twitter"),
  // gitleaks' `t1\.[A-Z0-9a-z_-]+[=]{0,2}\.…`: the first part capped at a hundred.
  row("yandex-access-token", ["yandex"], "t1.[A-Z0-9a-z_-]{1,100}[=]{0,2}.[A-Z0-9a-z_-]{86}[=]{0,2}", "yandex"),
  row("yandex-aws-access-token", ["yandex"], "YC[a-zA-Z0-9_-]{38}", "yandex"),
  row("zendesk-secret-key", ["zendesk"], "[a-z0-9]{40}", "zendesk"),
  row("adyen-client-key", ["adyen"], "live_[a-z0-9]{30,40}", "adyen"),
  row("adyen-client-key", ["adyen"], "test_[a-z0-9]{30,40}", "adyen"),
];
