#!/usr/bin/env node
// Decisions/second of @cloud-copilot/iam-simulate for the ECS task-execution-role scenario
// (AmazonECSTaskExecutionRolePolicy + inline secrets/KMS policy + VPC-endpoint-conditioned ECR pull),
// to compare with Stevedore's own policy engine. Runs in one process, one thread, bounded time.
//
// Usage: node bench.mjs [--seconds 2] [--runs 5] [--tier all|raw|validated|core] [--inline-only]
//   --inline-only  replace the managed policy by the seed document's own unconditioned statement
//                  (ecr:GetAuthorizationToken, logs:CreateLogStream, logs:PutLogEvents on "*"), so the
//                  VPC-endpoint condition becomes decisive for ecr:BatchGetImage (with the managed
//                  policy attached, ecr:BatchGetImage is allowed unconditionally).
//
// Tiers:
//   raw        runSimulation() with raw policy JSON: validation + parsing on every call (what oracle.mjs does)
//   validated  runSimulation() with createValidatedPolicy() documents: validation done once; the public
//              API still re-parses (loadPolicy) and re-checks action/resource data on every call
//   core       authorize() from the engine core with policies parsed once (loadPolicy) and the request
//              context pre-normalised. Not a public entry point: imported by file path from the pinned
//              package version; this is the closest match to "pre-parsed policies".

import { createValidatedPolicy, loadPolicy, validateIdentityPolicy } from '@cloud-copilot/iam-policy';
import { isWildcardOnlyAction, runSimulation } from '@cloud-copilot/iam-simulate';
import { toSimulation } from './oracle.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const SECONDS = Math.min(Math.max(Number(opt('seconds', 2)), 0.1), 10);
const RUNS = Math.min(Math.max(Number(opt('runs', 5)), 1), 15);
const TIER = opt('tier', 'all');
const INLINE_ONLY = args.includes('--inline-only');

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecs/db-password-AbCdEf`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VPCE = 'vpce-0a1b2c3d4e5f67890';
const VPC = 'vpc-0123456789abcdef0';

// /work/shared/reference/ecs-agent-execution-role.md §1.1 (exact JSON of the managed policy)
const managedPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'logs:CreateLogStream',
        'logs:PutLogEvents'
      ],
      Resource: '*'
    }
  ]
};
// Inline policy from the ECS developer guide ("private registry authentication" / secrets permissions).
const secretsPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['kms:Decrypt', 'secretsmanager:GetSecretValue'], Resource: [SECRET_ARN, KEY_ARN] }
  ]
};
// ECR pulls through interface endpoints, restricted by aws:sourceVpce / aws:sourceVpc (key case as in the guide).
const vpcePolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:sourceVpce': VPCE, 'aws:sourceVpc': VPC } }
    }
  ]
};
if (INLINE_ONLY) {
  vpcePolicy.Statement.unshift({
    Effect: 'Allow',
    Action: ['ecr:GetAuthorizationToken', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: '*'
  });
}
const identity = INLINE_ONLY ? [secretsPolicy, vpcePolicy] : [managedPolicy, secretsPolicy, vpcePolicy];

const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/0123456789abcdef0123456789abcdef`;
const requests = [
  { label: 'ecr:GetAuthorizationToken', expect: 'Allowed', action: 'ecr:GetAuthorizationToken', resource: '*', context: { 'aws:SourceVpce': VPCE, 'aws:SourceVpc': VPC } },
  { label: 's3:GetObject', expect: 'ImplicitlyDenied', action: 's3:GetObject', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/config.env', context: { 'aws:SourceVpce': VPCE, 'aws:SourceVpc': VPC } },
  {
    label: 'ecr:BatchGetImage, wrong aws:SourceVpce',
    expect: INLINE_ONLY ? 'ImplicitlyDenied' : 'Allowed',
    action: 'ecr:BatchGetImage',
    resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/app`,
    context: { 'aws:SourceVpce': 'vpce-0ffffffffffffffff', 'aws:SourceVpc': VPC }
  }
];

// Our corpus format -> iam-simulate Simulation, via the same mapping the oracle uses.
const sims = requests.map(
  (r) =>
    toSimulation({
      name: r.label,
      policies: { identity },
      request: { principal, action: r.action, resource: r.resource, context: r.context }
    }).simulation
);

async function tierRaw() {
  return sims.map((s) => () => runSimulation(s, {}).then((x) => x.overallResult));
}

async function tierValidated() {
  const validated = identity.map((p, i) => ({ name: `identity${i}`, policy: createValidatedPolicy(p, validateIdentityPolicy) }));
  return sims.map((s) => {
    const sim = { ...s, identityPolicies: validated };
    return () => runSimulation(sim, {}).then((x) => x.overallResult);
  });
}

async function tierCore() {
  const base = import.meta.resolve('@cloud-copilot/iam-simulate'); // .../dist/esm/index.js
  const { authorize } = await import(new URL('./core_engine/CoreSimulatorEngine.js', base));
  const { AwsRequestImpl } = await import(new URL('./request/request.js', base));
  const { RequestContextImpl } = await import(new URL('./requestContext.js', base));
  const { DiscoveryContextKeyConstraints } = await import(new URL('./context_keys/discoveryContextKeyConstraints.js', base));
  const { normalizeSimulationParameters } = await import(new URL('./simulation_engine/simulationEngine.js', base));
  const parsed = identity.map((p, i) => loadPolicy(p, { name: `identity${i}` }));
  const simulationParameters = { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) };
  const fns = [];
  for (const s of sims) {
    const [service, action] = s.request.action.split(':');
    const wildcardOnly = await isWildcardOnlyAction(service, action);
    const { validContextValues } = await normalizeSimulationParameters(s, undefined);
    const resource = s.request.resource;
    fns.push(() =>
      authorize({
        // the request object (and its context) is built per decision, as a real caller would
        request: new AwsRequestImpl(s.request.principal, resource, s.request.action, new RequestContextImpl(validContextValues), wildcardOnly),
        sessionPolicy: undefined,
        identityPolicies: parsed,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: undefined,
        permissionBoundaries: undefined,
        vpcEndpointPolicies: undefined,
        simulationParameters
      }).result
    );
  }
  return fns;
}

/** Runs the three requests round-robin for `seconds`; returns decisions/second. */
async function measure(fns, seconds) {
  const n = fns.length;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 300; k++) {
      await fns[count % n]();
      count++;
    }
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const tiers = { raw: tierRaw, validated: tierValidated, core: tierCore };
const selected = TIER === 'all' ? Object.keys(tiers) : [TIER];
if (selected.some((t) => !tiers[t])) {
  console.error(`unknown tier ${TIER}; use all|raw|validated|core`);
  process.exit(2);
}

console.log(`iam-simulate decisions/s, ECS task execution role scenario${INLINE_ONLY ? ' (inline policies only)' : ''}`);
console.log(`node ${process.version}, ${RUNS} runs x ${SECONDS}s per tier, 3 requests round-robin, single thread`);
let failed = false;
for (const t of selected) {
  const fns = await tiers[t]();
  for (let i = 0; i < fns.length; i++) {
    const got = await fns[i]();
    const ok = got === requests[i].expect;
    if (!ok) failed = true;
    console.log(`  [${t}] ${requests[i].label}: ${got}${ok ? '' : ` (expected ${requests[i].expect})`}`);
  }
  await measure(fns, Math.min(0.5, SECONDS)); // warm-up (JIT, iam-data caches)
  const rates = [];
  for (let r = 0; r < RUNS; r++) rates.push(await measure(fns, SECONDS));
  console.log(
    `${t.padEnd(9)} median ${Math.round(median(rates)).toLocaleString('en-US')} decisions/s  (runs: ${rates.map((x) => Math.round(x)).join(', ')})`
  );
}
if (failed) process.exitCode = 1;
