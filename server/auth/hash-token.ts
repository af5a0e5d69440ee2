/** `node server/auth/hash-token.ts <token>`: the SHA-256 to put in identity.tokens[].sha256. */
import { sha256 } from '../audit/record.ts';

const token = process.argv[2];
if (!token) {
  process.stderr.write('usage: node server/auth/hash-token.ts <token>\n');
  process.exit(2);
}
process.stdout.write(`${sha256(token)}\n`);
