export interface FaultMatch {
  method: string;
  path: RegExp;
  /** Tested against the request's raw body as sent (a GraphQL document and its variables): only matching requests fail. */
  body?: RegExp;
}

export interface FaultReply {
  status: number;
  headers?: Record<string, string>;
  /** How many matching requests get this reply; default 1. */
  times?: number;
  /** How many matching requests pass untouched before the fault starts; default 0. */
  after?: number;
  /** The JSON body; default GitHub's error shape with a message naming the injected status. */
  body?: unknown;
  /**
   * Serve the request first, then answer with the fault: GitHub did the work
   * but its answer was lost (a 502 from a proxy after the write). Default false.
   */
  afterPerforming?: boolean;
}

interface Rule {
  match: FaultMatch;
  reply: FaultReply;
  remaining: number;
  skip: number;
}

/**
 * Canned failures for the next matching requests, for fault tests. Earlier
 * rules win; a rule is spent after `times` matches.
 *
 * @example
 * const faults = new FaultRules();
 * faults.add({ method: "PUT", path: /\/memberships\// }, { status: 502, times: 2 });
 * faults.take("PUT", "/orgs/acme/teams/ops/memberships/alice"); // { status: 502, ... }
 * faults.add({ method: "POST", path: /\/comments$/ }, { status: 502, afterPerforming: true }); // made, then answered 502
 * faults.add({ method: "POST", path: /^\/graphql$/, body: /addComment/ }, { status: 502 }); // a batched record, not a read
 */
export class FaultRules {
  private rules: Rule[] = [];

  add(match: FaultMatch, reply: FaultReply): void {
    this.rules.push({ match, reply, remaining: reply.times ?? 1, skip: reply.after ?? 0 });
  }

  /** Forgets every rule not yet spent: GitHub answers as usual again. */
  clear(): void {
    this.rules = [];
  }

  take(method: string, path: string, body = ""): FaultReply | undefined {
    const rule = this.rules.find((candidate) => candidate.match.method.toUpperCase() === method && testPath(candidate.match.path, path) && (candidate.match.body === undefined || testPath(candidate.match.body, body)));
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((other) => other !== rule);
    return rule.reply;
  }
}

function testPath(pattern: RegExp, path: string): boolean {
  // A global or sticky RegExp keeps state between calls; start afresh each time.
  pattern.lastIndex = 0;
  return pattern.test(path);
}
