import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();
const VALUE = "Zq8Lk3Mn9Pw2Rt5Vx7Yb";

describe("a secret after its key's declared type, a typographic quote or a command line's long option", () => {
  it.each([
    ["TypeScript", `const apiToken: string = "${VALUE}";`, 'const apiToken: string = "[secret:token]";'],
    ["TypeScript, a class field", `private readonly secretKey: string = "${VALUE}";`, 'private readonly secretKey: string = "[secret:api-key]";'],
    ["TypeScript, a union", `let password: string | undefined = "${VALUE}"`, 'let password: string | undefined = "[secret:password]"'],
    ["Python", `api_key: Optional[str] = "${VALUE}"`, 'api_key: Optional[str] = "[secret:api-key]"'],
    ["Python, no blanks", `api_key: str="${VALUE}"`, 'api_key: str="[secret:api-key]"'],
    ["Rust", `const API_TOKEN: &str = "${VALUE}";`, 'const API_TOKEN: &str = "[secret:token]";'],
    ["Kotlin", `val password: String = "${VALUE}"`, 'val password: String = "[secret:password]"'],
    ["typographic quotes", `password = “${VALUE}”`, "password = “[secret:password]”"],
    ["typographic single quotes", `api_key: ‘${VALUE}’`, "api_key: ‘[secret:api-key]’"],
    ["a long option", `docker login --username jane --password ${VALUE} ghcr.io`, "docker login --username jane --password [secret:password] ghcr.io"],
    ["a long option, quoted", `helm repo add x https://x.example --password "${VALUE}"`, 'helm repo add x https://x.example --password "[secret:password]"'],
    ["a long option naming a token", `cmd --api-token ${VALUE} --next`, "cmd --api-token [secret:token] --next"],
  ])("%s", (_name, input, output) => {
    const once = masker.mask(input);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it("reads a secret after the colon before any type", () => {
    // The word after `:` is judged first: a secret there is masked, whatever follows.
    expect(masker.mask(`password: ${VALUE} = x`)).toBe("password: [secret:password] = x");
  });

  it("leaves the configured secret's own rule to mask it where a type would stand", () => {
    const configured = createMasker({ secrets: ["correcthorsebatterystaple"] });
    expect(configured.mask(`password: correcthorsebatterystaple = ${VALUE}`)).toBe("password: [secret] = " + VALUE);
  });

  it("reads a generic type as a type, and masks the secret after it", () => {
    expect(masker.mask(`password: Promise<string> = "${VALUE}"`)).toBe('password: Promise<string> = "[secret:password]"');
  });

  it.each([
    ['{"password":"W<AY3>o)Gc-(c}_}"}', '{"password":"[secret:password]"}'],
    ["DB_PASSWORD: 'aB3<xY9>#k2Zq'", "DB_PASSWORD: '[secret:password]'"],
    ['api_key: "Zq8x<Lk3Vw9>Rt5Yp2Hn7M"', 'api_key: "[secret:api-key]"'],
    ["password: Ab<cd>Ef = x", "password: [secret:password] = x"],
  ])("masks a value with brackets in it, which no declaration ends like (%j)", (input, output) => {
    expect(masker.mask(input)).toBe(output);
  });

  it.each([
    "apiToken: Record<string, string> = {}",
    "password: Map<string, number> = new Map()",
    "apiToken: Array<string> = []",
    "tokens: Map<string, Token> = new Map()",
    "apiToken: Record<string, string>",
    "token: string",
    'password: string = "changeme"',
    "apiToken: string = process.env.API_TOKEN",
    "const apiKey: string = `${prefix}-key`;",
    "--password-stdin",
    "--token-file /etc/token",
    "npm login --auth-type legacy",
    "cmd --api-key ${API_KEY}",
    "the password is “hunter”",
    "ssh -p 2222 host",
  ])("leaves %j alone", (input) => {
    expect(masker.mask(input)).toBe(input);
  });
});

describe("NuGet's cleartext password attribute (gitleaks' nuget-config-password)", () => {
  it.each(["CleartextPassword1", "TestSourcePassword", "TestSource-Password", "TestSource%Password", "TestSource%Password%"])(
    "masks %j, a password because the markup says so, also in a JSON log line",
    (password) => {
      for (const key of ["ClearTextPassword", "Password"]) {
        const line = `<add key="${key}" value="${password}" />`;
        expect(masker.mask(line)).toBe(`<add key="${key}" value="[secret:password]" />`);
        expect(masker.mask(JSON.stringify({ msg: line }))).toBe(JSON.stringify({ msg: `<add key="${key}" value="[secret:password]" />` }));
      }
    },
  );

  it.each(["XXXXXXXXXXX", "abc", "%TestSourcePassword%", "33f!!lloppa", "hal+9ooo_da!sY", "${NUGET_PASSWORD}", "aaaaaaaaaaaa"])(
    "leaves %j: a stand-in, too short, an environment variable, or Microsoft's published sample",
    (value) => {
      const line = `<add key="ClearTextPassword" value="${value}" />`;
      expect(masker.mask(line)).toBe(line);
    },
  );

  it("reads words as passwords only in NuGet's key attribute form after a password key", () => {
    for (const line of [
      '<add key="Username" value="TestSourceUser" />',
      "password value = TestSourcePassword",
      '{"key":"Password", "value":"TestSourcePassword"}',
      '<input type="password" value="Sign in now" />',
      '<input type="password" name="pwd" value="EnterPassword" />',
      '<label for="password" value="YourPassword" />',
      '<param name="password" value="java.lang.String" />',
      'Set the "password" value="to your liking"',
      '<add key="ClearTextPassword" value="Test Source Password" />',
    ]) {
      expect(masker.mask(line)).toBe(line);
    }
  });
});

describe("a JSON object's next key after a value that ends in a keyword", () => {
  it.each([
    ["compact", '{"a":"my-token","k8s_node_pool":"z"}'],
    ["with blanks", '{"a": "my-token", "k8s_node_pool": "z"}'],
    ["a GCP service account's token URI", '{"token_uri":"https://oauth2.googleapis.com/token","auth_provider_x509_cert_url":"https://www.googleapis.com/oauth2/v1/certs"}'],
    ["JSON in a JSON string", JSON.stringify({ msg: '{"a":"my-token","k8s_node_pool":"z"}' })],
  ])("is a key, not the keyword's value: %s", (_name, input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it("still masks a value after the keyword and a comma, where no colon makes it a key", () => {
    expect(masker.mask(`setToken("token", "${VALUE}")`)).toBe('setToken("token", "[secret:token]")');
    expect(masker.mask(`{"token":"${VALUE}","k8s_node_pool":"z"}`)).toBe('{"token":"[secret:token]","k8s_node_pool":"z"}');
  });
});

describe("a quoted secret a colon follows, with no comma before it, is a value", () => {
  it.each([
    `auth failed token='${VALUE}': 401 Unauthorized`,
    `password="${VALUE}": authentication failed`,
    `level=error msg="login" password="${VALUE}": rejected`,
    `client_secret = '${VALUE}'  :  see vault`,
    `mysql --password="${VALUE}": access denied`,
    // An error message's `%q: %v` after a bare keyword and a comma.
    `invalid token, "${VALUE}": unauthorized`,
    `ValueError: bad password, '${VALUE}': too weak`,
    `rejected api_key, "${VALUE}":401`,
  ])("%s", (text) => {
    expect(masker.mask(text)).not.toContain(VALUE);
  });
});

describe("`==` between a key and a word compares", () => {
  it.each([
    "if password==confirm_password:",
    "assert token==response_token",
    "if api_key==settings_api_key:",
    "if (token==authToken2023x) {",
    "while token==nextPageToken2:",
    "assert api_key==expectedApiKeyV2",
  ])("%s", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("an XML element named after a shell variable (gitleaks' database.go)", () => {
  it.each([`<$DB_PASSWORD>${VALUE}</$DB_PASSWORD>`, `<$DB_PASSWDToken>Briwg8OYWL@^O0j</$DB_PASSWDToken>`])("%s", (text) => {
    const masked = masker.mask(text);
    expect(masked).toMatch(/^<\$DB_PASSW(?:ORD|DToken)>\[secret:(?:password|token)\]<\/\$DB_PASSW(?:ORD|DToken)>$/);
    expect(masker.mask(masked)).toBe(masked);
  });
});

describe("a secret after its key in markup and on the next line", () => {
  it.each([
    ["YAML, the value on the next line", `password:\n  ${VALUE}\nuser: jane`, "password:\n  [secret:password]\nuser: jane"],
    ["YAML, the next line after CRLF", `api_key:\r\n    ${VALUE}`, "api_key:\r\n    [secret:api-key]"],
    ["YAML in a JSON string", JSON.stringify({ body: `password:\n  ${VALUE}` }), JSON.stringify({ body: "password:\n  [secret:password]" })],
    ["an XML attribute naming the value's element", `<entry key="password">${VALUE}</entry>`, '<entry key="password">[secret:password]</entry>'],
    ["an XML attribute, single-quoted", `<property name='db.password'>${VALUE}</property>`, "<property name='db.password'>[secret:password]</property>"],
    ["markdown's bold key", `**password**: ${VALUE}`, "**password**: [secret:password]"],
    ["markdown's bold key and colon", `**API_KEY:** ${VALUE}`, "**API_KEY:** [secret:api-key]"],
    ["a markdown table's cells", `| API_KEY | ${VALUE} |`, "| API_KEY | [secret:api-key] |"],
    ["a markdown table's cells, code", `| prod | api_key | \`${VALUE}\` |`, "| prod | api_key | `[secret:api-key]` |"],
    ["a form field's bracketed name", `POST /login user[password]=${VALUE}&remember=1`, "POST /login user[password]=[secret:password]&remember=1"],
    ["R's arrow", `api_key <- "${VALUE}"`, 'api_key <- "[secret:api-key]"'],
    ["YAML, the next line as deep as the key", `password:\n${VALUE}`, "password:\n[secret:password]"],
    ["YAML in a markdown quote", `> password:\n>   ${VALUE}`, "> password:\n>   [secret:password]"],
    ["YAML, a plain scalar over several lines", `private_key:\n  MIIEvQIBADANBgkqhkiG9w0BAQEF${VALUE}\n  VJTUt9Us8cKjMzEfYyjiWA4R4ypbG\nother: x`, "private_key:\n  [secret:api-key]\nother: x"],
    ["an XML attribute, JSON-escaped", JSON.stringify({ body: `<entry key="password">${VALUE}</entry>` }), JSON.stringify({ body: '<entry key="password">[secret:password]</entry>' })],
    ["an XML attribute before others", `<string name="google_api_key" translatable="false">${VALUE}</string>`, '<string name="google_api_key" translatable="false">[secret:api-key]</string>'],
    ["an XML attribute, a blank before the tag's end", `<entry key="password" >${VALUE}</entry>`, '<entry key="password" >[secret:password]</entry>'],
    ["markdown's bold around code", `**\`password\`**: ${VALUE}`, "**`password`**: [secret:password]"],
    ["a markdown table's cells, bold", `| **API_KEY** | ${VALUE} |`, "| **API_KEY** | [secret:api-key] |"],
    ["a markdown table's cells, no blanks", `|API_KEY|${VALUE}|yes|no|`, "|API_KEY|[secret:api-key]|yes|no|"],
    ["a markdown table's cell, masked to its end", `| password | Zq8Lk3Mn9 ${VALUE} |`, "| password | [secret:password] |"],
    ["a markdown table's cell with an escaped pipe", `| DB_PASSWORD | Zq8Lk3\\|${VALUE} |`, "| DB_PASSWORD | [secret:password] |"],
    ["a markdown table's cell in bold", "| Password | **Zq8Pw2Lm9Xr4Tb7** |", "| Password | **[secret:password]** |"],
    ["a markdown table's cell in code", "| token | <code>Zq8Pw2Lm9Xr4Tb7Kd1</code> |", "| token | <code>[secret:token]</code> |"],
    ["a bold key's value in italics", "**Password:** *Zq8Pw2Lm9Xr4Tb7*", "**Password:** *[secret:password]*"],
    ["a table's password that starts with a symbol", "| password | ?Zq8Pw2Lm9Xr4Tb7! |", "| password | [secret:password] |"],
    ["a table's cell in bold code", `| token | **\`${VALUE}\`** |`, "| token | **`[secret:token]`** |"],
    ["a table's password with a star inside", "| password | *Kp5qM9x*FvAGrQw0i2 |", "| password | *[secret:password] |"],
    ["a table's cell in bold italics", "| token | ***Zq8Pw2Lm9Xr4Tb7Kd1*** |", "| token | ***[secret:token]*** |"],
    ["emphasis before a footnote", "**token**: *Zq8Pw2Lm9Xr4Tb7Kd1*[^1]", "**token**: *[secret:token]*[^1]"],
    ["an element named by an attribute, its body in bold", '<entry key="password">**Zq8Pw2Lm9Xr4Tb7**</entry>', '<entry key="password">**[secret:password]**</entry>'],
    ["a table after a backslash escaped itself", `| C:\\\\| token | ${VALUE} |`, "| C:\\\\| token | [secret:token] |"],
    ["an element named by an attribute, other attributes capitalised", `<string name="facebook_app_secret" tools:ignore="UnusedResources">${VALUE}</string>`, '<string name="facebook_app_secret" tools:ignore="UnusedResources">[secret:secret]</string>'],
    ["YAML below its key, two JSON strings deep", JSON.stringify({ m: JSON.stringify({ m: `password:\n  ${VALUE}` }) }), JSON.stringify({ m: JSON.stringify({ m: "password:\n  [secret:password]" }) })],
    ["a URL's user that names a token", `git clone https://x-access-token:${VALUE}@github.com/o/r.git`, "git clone https://x-access-token:[secret:password]@github.com/o/r.git"],
    ["a URL's user that names a token, no @", `https://token:${VALUE} is down`, "https://token:[secret:token] is down"],
  ])("%s", (_name, input, output) => {
    const once = masker.mask(input);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    "password:\nuser: jane",
    "password:\n  secretKeyRef:\n    name: db",
    "Token:\n  The token is rotated weekly.",
    "Error: invalid token:\n    at verify (/app/lib/auth.js:10:3)",
    "api_key:\n  ${API_KEY}",
    '<label for="password">Password</label>',
    '<input type="password" name="password">',
    "**password**: required",
    "| API_KEY | The key the API takes |",
    "| token | required |",
    "|---|---|",
    "user[password]=${PASSWORD}",
    "if (token <- 1) {}",
    "if token:\n    session.headers.update(h2)",
    "except KeyError:\n    logger.warning(msg)",
    "for token in tokens:\n    out.append(token.lower())",
    "Invalid token:\n    jwt.exceptions.ExpiredSignatureError(Signature has expired)",
    'got token:\n    &oauth2.Token{AccessToken:"", Expiry:time.Time{}}',
    "api_key:\n  env(API_KEY)",
    "password:\n  #{Octopus.Db.Password}",
    '  password:\n  "a1b2C3d4e5F6g7H8": x',
    JSON.stringify({ body: 'password:\n  "a1b2C3d4e5F6g7H8": x' }),
    "    password:\n  Zq8Lk3Mn9Pw2Rt5Vx7Yb",
    '<input type="password" name="password"><br><input type="submit" value="Log in">',
    '<input type="password" name="password">\n  <small>Use 12+ characters</small>',
    '<div class="token"><span>1,234</span></div>',
    '<span class="token">a1b2c3d4</span>',
    '<td data-label="Token">8f14e45f</td>',
    '<label for="password">Password1</label>',
    '<entry key="password"/>Zq8Lk3Mn9Pw2Rt5Vx7Yb',
    "|api_key|string|required|",
    "[password]: ../guides/password-policy_v2.md",
    "ERROR [token]: invalid_grant_v2",
    "| token | :white_check_mark: |",
    "| token | **required** |",
    "| **Token** | **Description** |",
    "**Token**: *optional*",
    '<item name="passwordToggleTint">?attr/colorOnSurface</item>',
    '<item name="passwordToggleDrawable">@drawable/ic_eye</item>',
    '<item name="tokenTextColor">@android:color/white</item>',
    '<column name="password">VARCHAR(255)</column>',
    "| token | <kbd>Required</kbd> |",
    "| token | <br/>Newline |",
    'api_key <- keyring::key_get("service")',
    "token <- gargle::token_fetch()",
    "password <- rstudioapi::askForPassword()",
    "token <- oauth2.0_token(endpoint, app)",
  ])("leaves what names no secret value alone: %j", (input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it.each([
    [`<entry key="password" owner="jane.doe@example.com">${VALUE}</entry>`, "j***@example.com"],
    [`<add name="ApiToken" connectionString="Server=db;Password=${VALUE}">x</add>`, "Password=[secret:password]"],
    [`<entry key="password" previous="ghp_a1B2c3D4e5F6a1B2c3D4e5F6a1B2c3D4e5F6">${VALUE}</entry>`, 'previous="[secret:github-token]"'],
    [`<string name="api_key" secret="ZqPwLmXrTbKdAbCd">${VALUE}</string>`, 'secret="[secret:secret]"'],
    [`{"name":"DB_PASSWORD","awsKeyId":"AKIA2OGYBAH6RZ3NWXYZ","value":"${VALUE}"}`, "[secret:aws-access-key-id]"],
    [`- name: DB_PASSWORD\n  token: Zq8Pw2Lm9Xr4Tb7Kd1\n  value: ${VALUE}`, "token: [secret:token]"],
    [`{"name":"API_TOKEN","password":"-84629175","value":"${VALUE}"}`, '"password":"[secret:password]"'],
    [`<string name="api_key" password="8462917584629175">${VALUE}</string>`, 'password="[secret:password]"'],
  ])("reads what stands between a name and its value, which the match would pass over: %j", (input, masked) => {
    const once = masker.mask(input);
    expect(once).toContain(masked);
    expect(masker.mask(once)).toBe(once);
  });

  it("reads an address the masker wrote as no emphasis, so masking twice changes nothing", () => {
    const once = masker.mask("| password | ~~~@example.com:Zq8vK3pW9xLm2RtY |");
    expect(masker.mask(once)).toBe(once);
  });

  it("goes on over the next lines only below a key deeper than it", () => {
    expect(masker.mask(`api_key:\n${VALUE}\nSUCCESS\nExiting`)).toBe("api_key:\n[secret:api-key]\nSUCCESS\nExiting");
  });
});

describe("a secret's name and its value in two fields of one entry", () => {
  it.each([
    ["Kubernetes' env", `env:\n  - name: DB_PASSWORD\n    value: ${VALUE}\n  - name: LOG_LEVEL\n    value: debug`, "env:\n  - name: DB_PASSWORD\n    value: [secret:password]\n  - name: LOG_LEVEL\n    value: debug"],
    ["Kubernetes' env, quoted", `- name: "API_TOKEN"\n  value: "${VALUE}"`, '- name: "API_TOKEN"\n  value: "[secret:token]"'],
    ["Kubernetes' env in a JSON string", JSON.stringify({ body: `- name: DB_PASSWORD\n  value: ${VALUE}` }), JSON.stringify({ body: "- name: DB_PASSWORD\n  value: [secret:password]" })],
    ["an ECS task definition", `{"name":"API_TOKEN","value":"${VALUE}"}`, '{"name":"API_TOKEN","value":"[secret:token]"}'],
    ["capitalised fields", `[{"Name": "DB_PASSWORD", "Value": "${VALUE}"}]`, '[{"Name": "DB_PASSWORD", "Value": "[secret:password]"}]'],
    ["a Postman export", `{"key":"api_key","value":"${VALUE}","enabled":true}`, '{"key":"api_key","value":"[secret:api-key]","enabled":true}'],
    ["Terraform", `name = "DB_PASSWORD"\n  value = "${VALUE}"`, 'name = "DB_PASSWORD"\n  value = "[secret:password]"'],
    ["JSON inside a JSON string", JSON.stringify({ msg: JSON.stringify({ name: "API_TOKEN", value: VALUE }) }), JSON.stringify({ msg: JSON.stringify({ name: "API_TOKEN", value: "[secret:token]" }) })],
    ["pretty-printed JSON", JSON.stringify({ name: "API_TOKEN", value: VALUE }, null, 2), JSON.stringify({ name: "API_TOKEN", value: "[secret:token]" }, null, 2)],
    ["a Postman export, tab-indented", JSON.stringify({ key: "api_key", value: VALUE, type: "text" }, null, "\t"), JSON.stringify({ key: "api_key", value: "[secret:api-key]", type: "text" }, null, "\t")],
    ["a field between, Azure's", `{"name":"DB_PASSWORD","slotSetting":false,"value":"${VALUE}"}`, '{"name":"DB_PASSWORD","slotSetting":false,"value":"[secret:password]"}'],
    ["two fields between", `{"key":"auth.token","type":"string","required":true,"value":"${VALUE}"}`, '{"key":"auth.token","type":"string","required":true,"value":"[secret:token]"}'],
    ["AWS SSM's parameter", `{"Parameter":{"Name":"db_password","Type":"SecureString","Value":"${VALUE}","Version":1}}`, '{"Parameter":{"Name":"db_password","Type":"SecureString","Value":"[secret:password]","Version":1}}'],
  ])("%s", (_name, input, output) => {
    const once = masker.mask(input);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    "- name: API_KEY\n  valueFrom:\n    secretKeyRef:\n      name: api",
    `{"name":"TOKEN_TTL","value":"${VALUE}"}`,
    '{"name":"GITHUB_TOKEN","value":"${{ secrets.GITHUB_TOKEN }}"}',
    '{"name":"API_TOKEN","value":"changeme"}',
    `{"ParameterKey":"Env","value":"${VALUE}"}`,
    `{"username":"DB_PASSWORD","value":"${VALUE}"}`,
    `- name: DB_PASSWORD\n  description: ${VALUE}`,
  ])("leaves a pair alone when the name names no secret or the value is none: %j", (input) => {
    expect(masker.mask(input)).toBe(input);
  });
});

describe("the literal part of a template after a key", () => {
  it.each([
    ["CircleCI's cache key", '      - restore_cache:\n          key: v1-deps-{{ checksum "package-lock.json" }}'],
    ["CircleCI's cache key, two templates", '- save_cache:\n    key: v2-dependencies-{{ checksum "Gemfile.lock" }}-{{ epoch }}'],
    ["GitHub Actions' cache key", "key: Linux-node-${{ hashFiles('**/package-lock.json') }}"],
    ["a Helm value", "token: abcd1234efgh-{{ .Values.suffix }}"],
    ["a Jinja tag", "secret_key: cache-v3-{% raw %}"],
    ["a shell variable after an underscore", "password=Zq8Lk3Vw9Xy2_${SUFFIX}"],
  ])("%s stays", (_name, input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it.each([
    ["glued to the template, no separator", "password=Zq8Lk3Vw9Xy2{{x}}", "password=[secret:password]{{x}}"],
    ["a brace that opens no template", "password: Zq8!Lk3$Vw9{", "password: [secret:password]{"],
    // A separator sets a secret apart from the template's literal after it: the secret is judged alone.
    ["Helm's --set, a field after the secret", "--set db.password=Zq8Lk3Vw9Xy2Qp7,image.tag=build-${CI_COMMIT_SHORT_SHA}", "--set db.password=[secret:password],image.tag=build-${CI_COMMIT_SHORT_SHA}"],
    ["a list", "API_KEYS=Zq8Lk3Vw9Xy2Qp7,legacy-${OLD_KEY}", "API_KEYS=[secret:api-key],legacy-${OLD_KEY}"],
    ["user and password before a host", "MONGO_CREDENTIALS=admin:Zq8Lk3Vw9Xy2Qp7@mongo-${ENV}:27017", "MONGO_CREDENTIALS=[secret:credentials]@mongo-${ENV}:27017"],
    ["a Jinja template after a comma", "password: Zq8Lk3Vw9Xy2Qp7,backup-{{ inventory_hostname }}", "password: [secret:password],backup-{{ inventory_hostname }}"],
    ["a password read on over ;", "password=Zq8Lk3Vw9Xy2Qp7;cache-{{x}}", "password=[secret:password];cache-{{x}}"],
  ])("%s: the value is still judged", (_name, input, output) => {
    expect(masker.mask(input)).toBe(output);
  });
});

describe("keys that name no secret, and a vendor's key that only ends like one", () => {
  it.each(["s3_bucket_key = 'aqubm3kboa8luvmmc79kt4dp83ljfwz0'", "cache_key: aqubm3kboa8luvmmc79kt4dp83ljfwz0", 'idempotencyKey = "aqubm3kboa8luvmmc79kt4dp83ljfwz0"'])("%j stays", (text) => {
    expect(masker.mask(text)).toBe(text);
  });

  it.each([
    ["bitbucket_key = 'aqubm3kboa8luvmmc79kt4dp83ljfwz0'", "bitbucket_key = '[secret:api-key]'"],
    ["--bitbucket-key=64xb5lachhav85zq0rhog9p8t4yztjmo", "--bitbucket-key=[secret:api-key]"],
    ["BITBUCKET_KEY=aqubm3kboa8luvmmc79kt4dp83ljfwz0", "BITBUCKET_KEY=[secret:api-key]"],
  ])("%j is masked", (text, output) => {
    expect(masker.mask(text)).toBe(output);
  });
});

describe("ten or eleven letters in mixed case after a key that names a password", () => {
  it("is a password when it switches case at random", () => {
    expect(masker.mask("DB_PASSWD=tuFDgRjRkv")).toBe("DB_PASSWD=[secret:password]");
  });

  it.each(["password: goToHomePg", 'password = "HelloWorld"', "password: UserPassDto;", "var password = GetUserPwd();", "password: getUserPwd"])("is a word when it reads as one: %j", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
