//! Reproducible random draws of record numbers for sampling.
//!
//! The generator is SplitMix64 and the draw a partial Fisher–Yates shuffle,
//! both fixed here rather than taken from a library whose algorithms may
//! change between versions: a seed written in the inspection minutes must
//! give the same record numbers years later.

/// SplitMix64 (Steele, Lea, Flood 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0), without modulo bias.
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// Draws `size` distinct record numbers from 1..=population, ascending.
pub fn draw(population: u32, size: u32, seed: u64) -> Vec<u32> {
    let size = size.min(population) as usize;
    let mut pool: Vec<u32> = (1..=population).collect();
    let mut rng = SplitMix64(seed);
    for i in 0..size {
        let remaining = (pool.len() - i) as u64;
        let j = i + rng.below(remaining) as usize;
        pool.swap(i, j);
    }
    let mut out = pool[..size].to_vec();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draw_is_reproducible_and_distinct() {
        let a = draw(300, 30, 42);
        assert_eq!(a, draw(300, 30, 42));
        assert_ne!(a, draw(300, 30, 43));
        assert_eq!(a.len(), 30);
        let mut d = a.clone();
        d.dedup();
        assert_eq!(d.len(), 30);
        assert!(a.iter().all(|&n| (1..=300).contains(&n)));
    }

    #[test]
    fn draw_is_pinned_for_the_minutes() {
        // A seed recorded in the minutes must always give these numbers.
        assert_eq!(draw(50, 5, 2026), vec![2, 17, 18, 28, 33]);
        assert_eq!(draw(5, 10, 1), vec![1, 2, 3, 4, 5]);
        assert_eq!(draw(0, 3, 1), Vec::<u32>::new());
    }
}
