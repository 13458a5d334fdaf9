/** `npm run auth -- hash <secret>`: prints the scrypt hash to put in AUTH_TOKENS. */
import { hashSecret } from '../auth/tokens';

const [command, secret] = process.argv.slice(2);
if (command !== 'hash' || !secret || secret.length < 12) {
  console.error('usage: npm run auth -- hash <token of at least 12 characters>');
  process.exit(2);
}
console.log(hashSecret(secret));
