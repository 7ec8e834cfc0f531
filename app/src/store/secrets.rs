//! Unguessable ids and secrets, and how secrets are stored (hashed).

use sha2::{Digest, Sha256};

/// A random id: 122 random bits (UUID v4), in 32 hex digits.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A random secret for invite links and access tokens (244 random bits).
pub fn new_secret(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// What the store keeps of a secret: its SHA-256, in hex. Secrets are random
/// and long, so a fast hash is enough (passwords use Argon2id instead).
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
