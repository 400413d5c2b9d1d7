import { parseArgs } from 'node:util';
import { newToken } from '../shared/apiserver/auth';
import { addUserToken, listUsers, removeUser } from '../shared/auth/authn/users';
import { dynamoClient } from '../shared/storage/client';
import { ObjectStore } from '../shared/storage/store';

/**
 * `npm run users -- add alice --group dev`: a user with a static bearer token (shown once; only
 * its sha256 digest is stored), `list`, `remove alice` (the token fails with the next request).
 * Against the table of a running `npm start` (DynamoDB at --dynamodb-endpoint or AWS_ENDPOINT_URL,
 * table --table, default skiff) or a deployed cluster's table (AWS credentials in the environment).
 */
const USAGE = `Usage: npm run users -- add NAME [--group G]... [--server URL] | list | remove NAME
  [--table NAME] [--dynamodb-endpoint URL]`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { group: { type: 'string', multiple: true }, table: { type: 'string' }, 'dynamodb-endpoint': { type: 'string' }, server: { type: 'string' } },
  });
  const [command, name] = positionals;
  const endpoint = values['dynamodb-endpoint'] ?? process.env.AWS_ENDPOINT_URL ?? process.env.SKIFF_DYNAMODB_ENDPOINT;
  const client = dynamoClient(endpoint);
  const store = new ObjectStore({ client, table: values.table ?? 'skiff' });
  try {
    if (command === 'add' && name) {
      const token = newToken();
      const user = await addUserToken(store, { username: name, groups: values.group ?? [] }, token);
      process.stdout.write(`User "${user.username}" added (groups: ${user.groups.join(', ') || 'none'}). Its token is shown only now:\n\n${token}\n\n`);
      process.stdout.write(`A kubeconfig entry for it:\n\nusers:\n- name: ${name}\n  user:\n    token: ${token}\n`);
      process.stdout.write(`\nor: kubectl config set-credentials ${name} --token=${token} && kubectl config set-context ${name} --cluster=skiff --user=${name}${values.server ? ` # server ${values.server}` : ''}\n`);
      return 0;
    }
    if (command === 'list') {
      const users = await listUsers(store);
      process.stdout.write(`${'NAME'.padEnd(24)}GROUPS\n`);
      for (const u of users) process.stdout.write(`${u.username.padEnd(24)}${u.groups.join(',')}\n`);
      return 0;
    }
    if (command === 'remove' && name) {
      const n = await removeUser(store, name);
      if (n === 0) {
        process.stderr.write(`error: user "${name}" not found\n`);
        return 1;
      }
      process.stdout.write(`User "${name}" removed (${n} token${n === 1 ? '' : 's'} revoked).\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error) => {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(1);
  });
}

export { main as usersMain };
