#!/usr/bin/env node
// Stevedore policy oracle: runs corpus cases (JSON Lines on stdin, format described in
// tests/Stevedore.Policy.Tests/Corpus/README.md) through @cloud-copilot/iam-simulate and prints
// one JSON line per case on stdout:
//   {"name": ..., "decision": "Allowed"|"ExplicitDeny"|"ImplicitDeny"|"Error", "error"?: text, "notes"?: [text]}
//
// iam-simulate is AGPL-3.0-or-later. It is used here ONLY as an npm dependency of this separate
// Node process; nothing from it is copied, linked or ported into Stevedore's C# code.

import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';

const DEFAULT_ACCOUNT = '000000000000';

/** Split an ARN into its six parts (resource keeps any further colons). */
function splitArn(arn) {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(':')
  };
}

/**
 * Maps our principal string to iam-simulate's request principal and the context keys AWS would
 * derive from it. iam-simulate (0.1.173) does not derive aws:PrincipalArn, aws:PrincipalAccount,
 * aws:username or aws:PrincipalType itself, so they are added here.
 */
export function mapPrincipal(principal) {
  if (principal === 'anonymous') {
    return { simPrincipal: anonymousPrincipal, account: undefined, kind: 'anonymous', derived: { 'aws:PrincipalType': 'Anonymous' } };
  }
  if (typeof principal !== 'string' || principal.length === 0) {
    throw new Error(`request.principal must be a non-empty string, got ${JSON.stringify(principal)}`);
  }
  if (principal.startsWith('service:')) {
    // iam-simulate matches a request principal string against Principal.Service values.
    return { simPrincipal: principal.slice('service:'.length), account: undefined, kind: 'service', derived: {} };
  }
  if (principal.startsWith('federated:')) {
    // iam-simulate matches a request principal string against Principal.Federated values.
    return { simPrincipal: principal.slice('federated:'.length), account: undefined, kind: 'federated', derived: {} };
  }
  const arn = splitArn(principal);
  if (!arn) throw new Error(`unrecognised principal: ${principal}`);
  const derived = { 'aws:PrincipalAccount': arn.account };
  let kind;
  if (arn.service === 'iam' && arn.resource === 'root') {
    kind = 'root';
    derived['aws:PrincipalArn'] = principal;
    derived['aws:PrincipalType'] = 'Account';
  } else if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    kind = 'user';
    derived['aws:PrincipalArn'] = principal;
    derived['aws:PrincipalType'] = 'User';
    derived['aws:username'] = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  } else if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    // A bare role ARN as caller: treated like a session of that role.
    kind = 'role';
    derived['aws:PrincipalArn'] = principal;
    derived['aws:PrincipalType'] = 'AssumedRole';
  } else if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    // aws:PrincipalArn of a role session is the ROLE arn. The session ARN carries no role path,
    // so a role with a path cannot be reconstructed (cases needing it must set aws:PrincipalArn).
    kind = 'assumed-role';
    const roleName = arn.resource.split('/')[1];
    derived['aws:PrincipalArn'] = `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`;
    derived['aws:PrincipalType'] = 'AssumedRole';
  } else if (arn.service === 'sts' && arn.resource.startsWith('federated-user/')) {
    kind = 'federated-user';
    derived['aws:PrincipalArn'] = principal;
    derived['aws:PrincipalType'] = 'FederatedUser';
  } else {
    throw new Error(`unrecognised principal ARN: ${principal}`);
  }
  return { simPrincipal: principal, account: arn.account, kind, derived };
}

/** Merges several session policies into one document (iam-simulate takes a single one). */
function mergeSessionPolicies(list) {
  if (list.length === 1) return list[0];
  const versions = new Set(list.map((p) => p?.Version));
  if (versions.size > 1) throw new Error('session policies with different Version values cannot be merged for iam-simulate');
  const statements = [];
  list.forEach((p, i) => {
    const st = p?.Statement;
    for (const s of Array.isArray(st) ? st : [st]) {
      statements.push(s && typeof s === 'object' && s.Sid !== undefined ? { ...s, Sid: `${s.Sid}Session${i}` } : s);
    }
  });
  return { Version: list[0]?.Version, Statement: statements };
}

/**
 * Builds the iam-simulate Simulation object for one of our cases.
 * Returns { simulation, notes } or throws on input that cannot be mapped.
 */
export function toSimulation(c) {
  const notes = [];
  if (!c || typeof c !== 'object') throw new Error('case is not a JSON object');
  const policies = c.policies ?? {};
  const request = c.request;
  if (!request || typeof request !== 'object') throw new Error('case has no request object');
  const mode = c.mode ?? 'standard';
  if (!['standard', 'trust', 'kms'].includes(mode)) throw new Error(`unknown mode: ${mode}`);
  if (typeof request.action !== 'string') throw new Error('request.action must be a string');
  if (typeof request.resource !== 'string') throw new Error('request.resource must be a string');

  const p = mapPrincipal(request.principal);

  // Context: derived principal keys first, then principal tags, then the case's own keys, which win
  // (compared case-insensitively, as condition keys are).
  const context = {};
  const byLower = new Map();
  const put = (k, v) => {
    const lk = k.toLowerCase();
    if (byLower.has(lk)) delete context[byLower.get(lk)];
    byLower.set(lk, k);
    context[k] = Array.isArray(v) ? v.map(String) : String(v);
  };
  for (const [k, v] of Object.entries(p.derived)) put(k, v);
  for (const [k, v] of Object.entries(request.principalTags ?? {})) put(`aws:PrincipalTag/${k}`, v);
  for (const [k, v] of Object.entries(request.context ?? {})) put(k, v);

  // Resource owner: explicit resourceAccount, else (per corpus README) the principal's account;
  // principals without an account (service, federated, anonymous) fall back to the ARN's account.
  const arnAccount = splitArn(request.resource)?.account || undefined;
  const resourceAccount = policies.resourceAccount ?? p.account ?? arnAccount ?? DEFAULT_ACCOUNT;
  if (arnAccount && arnAccount !== resourceAccount) {
    notes.push(`resource ARN account ${arnAccount} differs from resource owner ${resourceAccount} used`);
  }

  for (const k of ['identity', 'session', 'scps', 'rcps']) {
    if (policies[k] !== undefined && !Array.isArray(policies[k])) throw new Error(`policies.${k} must be an array`);
  }
  const identity = policies.identity ?? [];
  let scps = policies.scps ?? [];
  const rcps = policies.rcps ?? [];
  if (p.kind === 'anonymous' && scps.length > 0) {
    // SCPs only govern IAM principals of member accounts; iam-simulate rejects them as input for
    // anonymous requests, so they are dropped rather than turned into an Error.
    notes.push('SCPs dropped for anonymous principal');
    scps = [];
  }

  let resourcePolicy = policies.resource ?? undefined;
  if (resourcePolicy && mode === 'trust') {
    // Role trust policies have no Resource element; validate them as trust policies instead of the
    // generic resource-policy validation runSimulation applies by default.
    resourcePolicy = createValidatedPolicy(resourcePolicy, validateTrustPolicy);
  }

  const simulation = {
    request: {
      principal: p.simPrincipal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: context
    },
    identityPolicies: identity.map((policy, i) => ({ name: `identity${i}`, policy })),
    serviceControlPolicies: scps.map((level, i) => ({
      orgIdentifier: `scp-level-${i}`,
      policies: level.map((policy, j) => ({ name: `scp${i}.${j}`, policy }))
    })),
    resourceControlPolicies: rcps.map((level, i) => ({
      orgIdentifier: `rcp-level-${i}`,
      policies: level.map((policy, j) => ({ name: `rcp${i}.${j}`, policy }))
    }))
  };
  if (resourcePolicy) simulation.resourcePolicy = resourcePolicy;
  if (policies.boundary) simulation.permissionBoundaryPolicies = [{ name: 'boundary', policy: policies.boundary }];
  if (policies.session && policies.session.length > 0) simulation.sessionPolicy = mergeSessionPolicies(policies.session);
  if (policies.vpcEndpoint) simulation.vpcEndpointPolicies = [{ name: 'vpce', policy: policies.vpcEndpoint }];
  return { simulation, notes };
}

const DECISIONS = {
  Allowed: 'Allowed',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny'
};

/** Compact one-line description of iam-simulate's validation errors. */
function describeErrors(errors) {
  const parts = [errors.message];
  for (const [k, v] of Object.entries(errors)) {
    if (k === 'message') continue;
    parts.push(`${k}=${JSON.stringify(v)}`);
  }
  return parts.join(' ');
}

/** Evaluates one parsed case; never throws. */
export async function evaluateCase(c) {
  const name = c && typeof c === 'object' ? c.name ?? null : null;
  try {
    const { simulation, notes } = toSimulation(c);
    const res = await runSimulation(simulation, { simulationMode: 'Strict' });
    if (res.resultType === 'error') {
      return { name, decision: 'Error', error: describeErrors(res.errors), ...(notes.length ? { notes } : {}) };
    }
    const ignored =
      res.resultType === 'single'
        ? res.result.ignoredContextKeys ?? []
        : [...new Set(res.results.flatMap((r) => r.ignoredContextKeys ?? []))];
    if (ignored.length) notes.push(`context keys ignored by iam-simulate for this action: ${ignored.join(', ')}`);
    if (res.resultType === 'wildcard') notes.push(`wildcard resource: ${res.results.length} pattern simulation(s)`);
    const decision = DECISIONS[res.overallResult];
    if (!decision) {
      return { name, decision: 'Error', error: `unexpected iam-simulate result: ${res.overallResult}`, ...(notes.length ? { notes } : {}) };
    }
    return { name, decision, ...(notes.length ? { notes } : {}) };
  } catch (e) {
    return { name, decision: 'Error', error: String(e?.message ?? e) };
  }
}

async function main() {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer = '';
  let pending = 0;
  const flush = async () => {
    if (!buffer) return;
    const ok = process.stdout.write(buffer);
    buffer = '';
    pending = 0;
    if (!ok) await new Promise((r) => process.stdout.once('drain', r));
  };
  for await (const line of rl) {
    if (line.trim() === '') continue; // blank lines are not cases
    let out;
    let c;
    try {
      c = JSON.parse(line);
    } catch (e) {
      out = { name: null, decision: 'Error', error: `invalid JSON: ${e.message}` };
    }
    if (!out) out = await evaluateCase(c);
    buffer += JSON.stringify(out) + '\n';
    if (++pending >= 256) await flush();
  }
  await flush();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`oracle: fatal: ${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
