//! Device signatures: each database has an Ed25519 key pair and signs every
//! revision it makes, so a merge can tell that a change comes from the
//! device (and, through the team roster, the person) it names and was not
//! altered on the way. Why and where the keys are kept: docs/signing.md.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::revision::{Revision, hex};

/// Tags the signed message so a signature over a revision can never be
/// taken for a signature over anything else.
const DOMAIN: &[u8] = b"parcheck revision signature 1\0";

/// Tags a seal's signed body, for the same reason.
const SEAL_DOMAIN: &[u8] = b"parcheck seal 1\0";

/// The largest seal body written or accepted, in bytes. An export splits a
/// device's revisions over as many seals as this needs (about 7,000
/// revisions each), so that a merge's read of one stays small and bounded.
pub const MAX_SEAL_BYTES: usize = 1_000_000;

/// This device's signing key. Never written to a bundle.
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<DeviceKey, String> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| format!("no random source: {e}"))?;
        Ok(DeviceKey(SigningKey::from_bytes(&seed)))
    }

    /// The key kept as 64 hexadecimal digits (its 32-byte seed).
    pub fn from_hex(s: &str) -> Result<DeviceKey, String> {
        let bytes = unhex::<32>(s).ok_or("the signing key is not 64 hexadecimal digits")?;
        Ok(DeviceKey(SigningKey::from_bytes(&bytes)))
    }

    pub fn to_hex(&self) -> String {
        hex(self.0.as_bytes())
    }

    /// The public half, as 64 hexadecimal digits.
    pub fn public_hex(&self) -> String {
        hex(self.0.verifying_key().as_bytes())
    }

    /// Signs a revision with its context, hexadecimal.
    pub fn sign(&self, rev: &Revision, ctx: &Context<'_>) -> String {
        hex(&self.0.sign(&message(rev, ctx)).to_bytes())
    }

    /// Seals `entries`, revisions this device (`device`) made: as few seals
    /// as [`MAX_SEAL_BYTES`] allows, each one signature over its body.
    pub fn seal<'e>(
        &self,
        device: &str,
        entries: impl IntoIterator<Item = SealEntry<'e>>,
    ) -> Vec<Seal> {
        let mut seals = Vec::new();
        let head = |body: &mut String| {
            body.clear();
            body.push_str("{\"device\":");
            body.push_str(&json_string(device));
            body.push_str(",\"revisions\":[");
        };
        let mut body = String::new();
        head(&mut body);
        let empty = body.len();
        for e in entries {
            let line = json_entry(&e);
            if body.len() > empty && body.len() + line.len() + 3 > MAX_SEAL_BYTES {
                seals.push(self.finish_seal(device, &mut body));
                head(&mut body);
            }
            if body.len() > empty {
                body.push(',');
            }
            body.push_str(&line);
        }
        if body.len() > empty {
            seals.push(self.finish_seal(device, &mut body));
        }
        seals
    }

    fn finish_seal(&self, device: &str, body: &mut String) -> Seal {
        body.push_str("]}");
        let body = std::mem::take(body);
        Seal {
            signature: hex(&self.0.sign(&seal_message(&body)).to_bytes()),
            device: device.to_owned(),
            body,
        }
    }
}

/// One revision a seal vouches for: its id and content hash (which covers
/// its device and author), and the unit and checklist version it is signed
/// with. The seal stands for the revision's own signature, which stays in
/// the device's database.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct SealEntry<'a> {
    #[serde(borrow)]
    pub rev_id: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub hash: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub unit_code: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub checklist_version: std::borrow::Cow<'a, str>,
}

/// A device's one signature over many of its revisions (docs/signing.md):
/// a merge checks a seal once instead of each revision's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub device: String,
    /// JSON: `{"device": …, "revisions": [[id, hash, unit, version], …]}`,
    /// kept and signed byte for byte as written.
    pub body: String,
    /// Ed25519 over the domain tag and the body, hexadecimal.
    pub signature: String,
}

/// A seal's body as read back.
#[derive(serde::Deserialize)]
pub struct SealBody<'a> {
    #[serde(borrow)]
    pub device: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub revisions: Vec<SealEntry<'a>>,
}

impl<'a> SealBody<'a> {
    /// Reads a body (already checked against its signature).
    pub fn parse(body: &'a str) -> Result<SealBody<'a>, String> {
        if body.len() > MAX_SEAL_BYTES {
            return Err(format!(
                "a seal is {} bytes long (at most {MAX_SEAL_BYTES} allowed)",
                body.len()
            ));
        }
        serde_json::from_str(body).map_err(|e| format!("a seal cannot be read: {e}"))
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn json_entry(e: &SealEntry<'_>) -> String {
    let parts = [&e.rev_id, &e.hash, &e.unit_code, &e.checklist_version];
    let mut s = String::from("[");
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&json_string(p));
    }
    s.push(']');
    s
}

fn seal_message(body: &str) -> Vec<u8> {
    let mut m = Vec::with_capacity(SEAL_DOMAIN.len() + body.len());
    m.extend_from_slice(SEAL_DOMAIN);
    m.extend_from_slice(body.as_bytes());
    m
}

/// What a signature binds besides the revision's content hash: the unit
/// and the checklist version of the inspection the revision belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context<'a> {
    pub unit_code: &'a str,
    /// Empty for a unit's own fields.
    pub checklist_version: &'a str,
}

/// The signed bytes. The content hash already covers every field of the
/// revision (its device id included); it is recomputed before this is
/// checked, so the signature covers the revision's content itself.
fn message(rev: &Revision, ctx: &Context<'_>) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN.len() + 128);
    m.extend_from_slice(DOMAIN);
    for part in [&rev.hash, ctx.unit_code, ctx.checklist_version] {
        m.extend_from_slice(&(part.len() as u64).to_le_bytes());
        m.extend_from_slice(part.as_bytes());
    }
    m
}

/// A device's public key, parsed once per bundle.
#[derive(Clone)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_hex(s: &str) -> Result<PublicKey, String> {
        let bytes = unhex::<32>(s).ok_or("a device key is not 64 hexadecimal digits")?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| "a device key is not a valid Ed25519 public key".to_owned())
    }

    /// Whether `signature` (hexadecimal) is this key's over the revision and
    /// its context. The strict check refuses the malleable forms.
    pub fn verifies(&self, rev: &Revision, ctx: &Context<'_>, signature: &str) -> bool {
        let Some(bytes) = unhex::<64>(signature) else {
            return false;
        };
        let sig = Signature::from_bytes(&bytes);
        self.0.verify_strict(&message(rev, ctx), &sig).is_ok()
    }

    /// Whether `signature` (hexadecimal) is this key's over a seal body.
    pub fn verifies_seal(&self, body: &str, signature: &str) -> bool {
        let Some(bytes) = unhex::<64>(signature) else {
            return false;
        };
        let sig = Signature::from_bytes(&bytes);
        self.0.verify_strict(&seal_message(body), &sig).is_ok()
    }

    pub fn fingerprint(&self) -> String {
        fingerprint_of(self.0.as_bytes())
    }
}

/// A short code a person can read aloud and compare: the first 80 bits of
/// the key's SHA-256 in base32 (RFC 4648 letters and digits 2–7), in four
/// groups of four, e.g. `K7QM-3XPA-WD2F-9…`.
pub fn fingerprint_of(public_key: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let digest = Sha256::digest(public_key);
    let mut bits: u128 = 0;
    for b in &digest[..10] {
        bits = (bits << 8) | u128::from(*b);
    }
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 75 - 5 * i;
        out.push(char::from(ALPHABET[((bits >> shift) & 31) as usize]));
    }
    out
}

/// A fingerprint as a person typed it: case, spaces and dashes do not
/// matter. None when it is not 16 base32 characters.
pub fn normalise_fingerprint(typed: &str) -> Option<String> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 16 || !chars.iter().all(|c| matches!(c, 'A'..='Z' | '2'..='7')) {
        return None;
    }
    let mut out = String::with_capacity(19);
    for (i, c) in chars.into_iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    Some(out)
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.as_bytes();
    if s.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, pair) in s.chunks_exact(2).enumerate() {
        out[i] = (digit(pair[0])? << 4) | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(author: &str) -> Revision {
        Revision::new(
            "r1".into(),
            "f1".into(),
            "note".into(),
            Some("\"ok\"".into()),
            vec![],
            author.into(),
            "dev".into(),
            1,
            None,
        )
    }

    const CTX: Context<'static> = Context {
        unit_code: "XA-01",
        checklist_version: "2025.1",
    };

    #[test]
    fn a_signature_verifies_and_binds_content_and_context() {
        let k = DeviceKey::generate().unwrap();
        let public = PublicKey::from_hex(&k.public_hex()).unwrap();
        let r = rev("An");
        let sig = k.sign(&r, &CTX);
        assert!(public.verifies(&r, &CTX, &sig));
        let mut other = rev("Bình");
        other.hash = other.content_hash();
        assert!(!public.verifies(&other, &CTX, &sig));
        for ctx in [
            Context {
                unit_code: "XA-02",
                ..CTX
            },
            Context {
                checklist_version: "2025.2",
                ..CTX
            },
        ] {
            assert!(!public.verifies(&r, &ctx, &sig));
        }
        let stranger = PublicKey::from_hex(&DeviceKey::generate().unwrap().public_hex()).unwrap();
        assert!(!stranger.verifies(&r, &CTX, &sig));
        assert!(!public.verifies(&r, &CTX, "00"));
    }

    fn entry(i: usize) -> SealEntry<'static> {
        SealEntry {
            rev_id: format!("r{i}").into(),
            hash: "h".repeat(64).into(),
            unit_code: "XA-\"01\"".into(),
            checklist_version: "2025.1".into(),
        }
    }

    #[test]
    fn a_seal_verifies_reads_back_and_binds_its_body() {
        let k = DeviceKey::generate().unwrap();
        let public = PublicKey::from_hex(&k.public_hex()).unwrap();
        let seals = k.seal("dev", (0..3).map(entry));
        assert_eq!(seals.len(), 1);
        let s = &seals[0];
        assert!(public.verifies_seal(&s.body, &s.signature));
        let body = SealBody::parse(&s.body).unwrap();
        assert_eq!(body.device, "dev");
        assert_eq!(body.revisions, (0..3).map(entry).collect::<Vec<_>>());
        let altered = s.body.replace("r1", "r9");
        assert!(!public.verifies_seal(&altered, &s.signature));
        // A revision signature is not a seal signature, and back.
        let r = rev("An");
        assert!(!public.verifies_seal(&r.hash, &k.sign(&r, &CTX)));
        assert!(k.seal("dev", std::iter::empty()).is_empty());
    }

    #[test]
    fn many_revisions_are_split_over_seals_within_the_size_bound() {
        let k = DeviceKey::generate().unwrap();
        let public = PublicKey::from_hex(&k.public_hex()).unwrap();
        let seals = k.seal("dev", (0..20_000).map(entry));
        assert!(seals.len() > 1, "{}", seals.len());
        let mut n = 0;
        for s in &seals {
            assert!(s.body.len() <= MAX_SEAL_BYTES);
            assert!(public.verifies_seal(&s.body, &s.signature));
            n += SealBody::parse(&s.body).unwrap().revisions.len();
        }
        assert_eq!(n, 20_000);
        let big = format!(
            "{{\"device\":\"d\",\"revisions\":[],\"x\":\"{}\"}}",
            "a".repeat(MAX_SEAL_BYTES)
        );
        assert!(SealBody::parse(&big).is_err());
    }

    #[test]
    fn keys_round_trip_through_hex() {
        let k = DeviceKey::generate().unwrap();
        let again = DeviceKey::from_hex(&k.to_hex()).unwrap();
        assert_eq!(k.public_hex(), again.public_hex());
        assert!(DeviceKey::from_hex("xyz").is_err());
        assert!(PublicKey::from_hex(&"0".repeat(63)).is_err());
    }

    #[test]
    fn fingerprints_are_four_groups_of_four_and_typed_forms_normalise() {
        let fp = fingerprint_of(&[7u8; 32]);
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.matches('-').count(), 3);
        assert!(
            fp.chars()
                .all(|c| c == '-' || matches!(c, 'A'..='Z' | '2'..='7'))
        );
        assert_ne!(fp, fingerprint_of(&[8u8; 32]));
        let typed = fp.to_lowercase().replace('-', " ");
        assert_eq!(normalise_fingerprint(&typed).as_deref(), Some(fp.as_str()));
        assert_eq!(normalise_fingerprint("ABCD-EFGH"), None);
        assert_eq!(normalise_fingerprint("ABCD-EFGH-IJKL-MNO1"), None);
    }
}
