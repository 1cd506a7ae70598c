import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();

/** Masks `input`, checks that `secret` is gone and that masking again changes nothing; returns the masked text. */
function maskedWithout(input: string, secret: string): string {
  const once = masker.mask(input);
  expect(once).not.toContain(secret);
  expect(masker.mask(once)).toBe(once);
  return once;
}

// gitleaks' database-password rule (cmd/generate/config/rules/database.go) takes a value of `[a-zA-Z0-9:;<@=},!$?^]{1,100}`
// after `db_password`, `database_password` or `pwd`, and its true positives hold values of 6 characters and values with `;`.
describe("a password after a key that names one", () => {
  it.each([
    ["six characters, quoted", 'db_password = "cM9ElF"', "cM9ElF"],
    ["six characters, a key with a suffix", 'db_passwordToken="cM9ElF"', "cM9ElF"],
    ["six characters, a key that names a password as `pwd` before a later keyword", "db_pwd_token=cM9ElF", "cM9ElF"],
    ["six characters with symbols", "DB_PASSWD: AX::PZ", "AX::PZ"],
    ["six random letters", "db_password = 'qKhVKQ'", "qKhVKQ"],
    ["seven characters, bare", "password=Hunt3r2 next", "Hunt3r2"],
    ["six characters in JSON", JSON.stringify({ msg: "pwd: @h5Fon" }), "@h5Fon"],
  ])("masks a short password: %s", (_name, input, secret) => {
    expect(maskedWithout(input, secret)).toContain("[secret:password]");
  });

  it.each([
    ["`;` inside a bare value", "request pwd: CFDt;lUXAq,X:sbJ@7PlrCT<If8C:TXcUB4Qn!gsC<Fm!j8sAB done", "CFDt;lUXAq,X:sbJ@7PlrCT<If8C:TXcUB4Qn!gsC<Fm!j8sAB"],
    ["a bare value that starts with `;`", "request DB_PASSWORDToken=;bZdhk;N3rzp,I07bhUS done", ";bZdhk;N3rzp,I07bhUS"],
    ["a bare value that starts with `;`, after blanks", "DB_PASSWORDToken = ;bZdhk;N3rzp,I07bhUS", "bZdhk;N3rzp,I07bhUS"],
    ["YAML, a value that starts with `;`", "DB_PASSWORD_token: ;bZdhk;N3rzp,I07bhUS", "bZdhk;N3rzp,I07bhUS"],
    ["CSV, a value that starts with `;`", "DB_PASSWORDToken,;bZdhk;N3rzp,I07bhUS,", "bZdhk;N3rzp,I07bhUS"],
    ["`;` inside a bare value, in JSON", JSON.stringify({ msg: "pwd: CFDt;lUXAq,X:sbJ@7PlrCT done" }), "lUXAq,X:sbJ@7PlrCT"],
  ])("masks a password that holds `;`: %s", (_name, input, secret) => {
    maskedWithout(input, secret);
  });

  it.each([
    ["a connection string's next field", "Server=db;Password=Zq8pass1;Trusted_Connection=False", "Server=db;Password=[secret:password];Trusted_Connection=False"],
    ["a connection string's next field, its name in two words", "Password=Secr3t!;Initial Catalog=app", "Password=[secret:password];Initial Catalog=app"],
    ["a shell command after the assignment", "export DB_PASSWORD=Zq8pass1; echo ok", "export DB_PASSWORD=[secret:password]; echo ok"],
    ["a semicolon that ends the value", "password=Zq8pass1;", "password=[secret:password];"],
  ])("ends a bare password at `;` before what is no part of it: %s", (_name, input, output) => {
    expect(masker.mask(input)).toBe(output);
  });

  it.each([
    "password: enabled",
    "password: secret",
    "password: Secret",
    "password = 123456",
    "pwd=/home/jane",
    "PWD=/home/jane/src",
    "DB_PASSWORD=[value]",
    "somepwd=XXXXXXXXXXXXXXX",
    "password: ${PASS}",
    "password: iPhone",
    "password: abc",
    "password: aaaaaa",
    "token: cM9ElF",
    "api_key = 'qKhVKQ'",
    // Six or seven characters without a capital, or a capital alone: code, versions, times, dates.
    "password = input1",
    "password: v_hash1",
    "password: v1.2.3",
    "password: 12:30pm",
    "password: 2024-01",
    "password: PASSWD",
  ])("leaves a word, a number, a path, a stand-in or a short value after another key: %s", (input) => {
    expect(masker.mask(input)).toBe(input);
  });

  it.each([
    ["password: s3cr3t!", "s3cr3t!"],
    ["pwd=p@ss12", "p@ss12"],
    ["db_password = 'qw#12!x'", "qw#12!x"],
  ])("masks a short password of a digit and a symbol: %s", (input, secret) => {
    maskedWithout(input, secret);
  });

  it.each([
    ["DB_PASSWORD=aZ;9kQm2Lp7x and DB_USER=admin", "9kQm2Lp7x"],
    ["password=Kq;9mLp2xZ8w when timeout=30", "9mLp2xZ8w"],
    ["DB_PASSWORD=Zq8pass1x;9kQm2Lp7x and DB_USER=admin", "9kQm2Lp7x"],
    ["password: kjdhfgqp;sdkjfhwe", "sdkjfhwe"],
  ])("reads prose with `=` after a password holding `;` as no setting: %s", (input, secret) => {
    maskedWithout(input, secret);
  });

  it("reads `;` as the end of a value after a key that names no password", () => {
    expect(masker.mask("token=Zq8Lk3Vw9pXy2Rt6;rest")).toBe("token=[secret:token];rest");
  });
});

describe("a value glued to `==`", () => {
  it("masks a token whose alphabet holds `=` after a key in running text", () => {
    maskedWithout("request contentfulToken==tbv6_ii_xnbyvjfdl-h89gaem504==r0836typl_2t done", "tbv6_ii_xnbyvjfdl-h89gaem504");
  });

  it("leaves a comparison in code", () => {
    for (const input of ["if (token==authToken2023x) {", "if password==confirm_password:", "x = token==a==b"]) expect(masker.mask(input)).toBe(input);
  });
});

describe("a password read on over `;` that is no secret so", () => {
  it.each([
    // Read on over `;`, the value runs into `[`, which ends no value.
    ["password=Zq8pass1x;see[1]", "Zq8pass1x"],
    ["pwd=Zq8pass1x;arr[0]", "Zq8pass1x"],
    ["DB_PASSWORD=Zq8pass1x;note:[secret:token]", "Zq8pass1x"],
    // Read on over `;`, the tail makes the value a URL or a stand-in.
    ["password=Zq,8pass1x;***", "8pass1x"],
    ["password=Zq,8pass1x;http://a.b/c", "8pass1x"],
    ["pwd: Zq}8pass1x;XXXXXXXXXXXXXXXXXXXXXX", "8pass1x"],
    ["password=Tr0ub4dor,3x;https://status.example.com", ",3x"],
  ])("is masked up to its `;`: %s", (input, secret) => {
    const once = masker.mask(input);
    expect(once).not.toContain(secret);
    expect(masker.mask(once)).toBe(once);
  });

  it("is masked up to its `;`, once, where it runs into a placeholder", () => {
    const input = "Password=cM9ElF;ghp_0123456789abcdefghijABCDEFGHIJ012345;=[secret:password]";
    const once = masker.mask(input);
    expect(once).not.toContain("cM9ElF");
    expect(masker.mask(once)).toBe(once);
  });
});

// Read on over a comma, a bare value took the next field's key and operator (`secret=…,password=`) and left that
// field's value after its span: a comma ends the value before a field whose value is quoted, has a blank around its
// operator, or is a password's (read on over `;`). Any other comma is the value's, as before: a password may hold
// `,X=`, and a field with a bare value is masked with the value before it.
describe("a bare value before `,` and another field", () => {
  it.each([
    ['client_secret=27960f09183ef00cc9b1,password="Zq8Lk3Vw9pQ2xY7"', 'client_secret=[secret:secret],password="[secret:password]"'],
    ['secret=62b35aa7d13664cb311a1dc2,password="Zq8Lk3Vw9pQ2xY7"', 'secret=[secret:secret],password="[secret:password]"'],
    ['creds=c9480eb4-b900-492f-d807-46f80229eadf,token="Zq8Lk3Vw9pQ2xY7abc"', 'creds=[secret:credentials],token="[secret:token]"'],
    [`{secret:62b35aa7d13664cb311a1dc2,password:'Zq8Lk3Vw9pQ2xY7'}`, `{secret:[secret:secret],password:'[secret:password]'}`],
    ['x client_secret=27960f09183ef00cc9b1,password = "Zq8Lk3Vw9pQ2xY7"', 'x client_secret=[secret:secret],password = "[secret:password]"'],
    [JSON.stringify({ msg: '{secret:62b35aa7d13664cb311a1dc2,pwd:"Zq8Lk3Vw9pQ2xY7"}' }), JSON.stringify({ msg: '{secret:[secret:secret],pwd:"[secret:password]"}' })],
    // A password's value reads on over `;`, which another value's reading does not.
    ["secret=5300850b03133488d84e908443e6d,redis.password=Tr0ub4dor;3x", "secret=[secret:secret],redis.password=[secret:password]"],
    // A blank around the operator would end the reading at the next key, leaving its value.
    ["pwd = 6bb013b4-5917-ec3c-a7f7-9d356c3e0de0,api.token = yYkUyYYbn4Rlc4LKi8o8b4jXuFU", "pwd = [secret:password],api.token = [secret:token]"],
    // A bare value after the comma: masked with the value before it.
    ["token=Zq8Lk3Vw9pQ2xY7a,id=1adce821b51d3", "token=[secret:token]"],
    ["helm upgrade --set api.token=Zq8Lk3Vw9pQ2xY7a,db.password=Tr0ub4dor3x", "helm upgrade --set api.token=[secret:token],db.password=[secret:password]"],
    ["helm upgrade --set api.token=Zq8Lk3Vw9pQ2xY7a,image.tag=v1.2.3", "helm upgrade --set api.token=[secret:token]"],
  ])("%j", (input, expected) => {
    expect(masker.mask(input)).toBe(expected);
    expect(masker.mask(expected)).toBe(expected);
  });

  it.each([
    ["password=Zq8v,Lm2pw7XkQ4 next", "password=[secret:password] next"],
    ["password=Zq8v,Lm=2pw7XkQ4 next", "password=[secret:password] next"],
    ["Pwd=5LRm,jN=iCUtv1wtv01ZY,Timeout=30", "Pwd=[secret:password]"],
    // After `&` or `;`, a comma is more of the value.
    ["password: E8&,xln36z4*", "password: [secret:password]"],
    ["password=Tr0ub4dor&,3xZq8Lk", "password=[secret:password]"],
    ["DB_PASSWORD=Zq8Lk3;,Vw9pQ2", "DB_PASSWORD=[secret:password]"],
  ])("still reads a comma no quoted field follows as part of the value: %j", (input, expected) => {
    expect(masker.mask(input)).toBe(expected);
  });
});
