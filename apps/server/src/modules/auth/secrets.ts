import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2 (a const enum, which erasable TypeScript cannot import).
const argon2id = 2;

/** Passwords: argon2id (OWASP's minimum parameters: 19 MiB, 2 passes). */
export const hashPassword = (password: string) => hash(password, { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Session ids and API tokens are random; only their SHA-256 is stored, so a leaked table grants nothing. */
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
/** A session's name in the API (24 hex characters): random, so it tells nothing of the secret. */
export const newPublicId = () => randomBytes(12).toString('hex');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
