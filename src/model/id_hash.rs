//! A fast hash for the ids the rules and the load model look up.

use std::hash::{BuildHasherDefault, Hasher};

/// Hashes ids the way rustc's FxHash does. Ids are short and there are hundreds of thousands
/// of them in a large program; with the standard SipHash, hashing was a third of the cost of
/// these checks. Ids come from the program's own files, so there is no attacker to resist:
/// a collision costs time, never a wrong answer.
pub type IdHash = BuildHasherDefault<IdHasher>;

#[derive(Default)]
pub struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
    fn finish(&self) -> u64 {
        // The multiply leaves its best bits at the top; the table indexes by the bottom ones.
        self.0.rotate_left(26)
    }
}
