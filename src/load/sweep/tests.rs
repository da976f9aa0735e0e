use super::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn iv(from: NaiveDate, to: NaiveDate, allocation: u32) -> Interval {
    Interval {
        from,
        to,
        allocation,
    }
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// ---- day-by-day reference ----

const DAYS: i64 = 40;

fn base() -> NaiveDate {
    d(2026, 2, 20)
}

fn nth(n: i64) -> NaiveDate {
    base() + chrono::Duration::days(n)
}

fn ref_loads(intervals: &[Interval], time_off: &[(NaiveDate, NaiveDate)]) -> Vec<u32> {
    (0..DAYS)
        .map(|n| {
            let x = nth(n);
            if time_off.iter().any(|&(a, b)| a <= x && x <= b) {
                return 0;
            }
            intervals
                .iter()
                .filter(|i| i.from <= x && x <= i.to)
                .map(|i| i.allocation)
                .sum()
        })
        .collect()
}

fn ref_profile(loads: &[u32]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (n, &l) in loads.iter().enumerate() {
        let x = nth(n as i64);
        if l == 0 {
            continue;
        }
        match out.last_mut() {
            Some(s) if s.load == l && s.to.succ_opt() == Some(x) => s.to = x,
            _ => out.push(Segment {
                from: x,
                to: x,
                load: l,
            }),
        }
    }
    out
}

fn ref_runs(pred: impl Fn(usize) -> bool, loads: &[u32]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut prev = false;
    for (n, &l) in loads.iter().enumerate() {
        let x = nth(n as i64);
        let on = pred(n);
        if on {
            match out.last_mut() {
                Some(r) if prev => {
                    r.to = x;
                    r.peak = r.peak.max(l);
                }
                _ => out.push(Run {
                    from: x,
                    to: x,
                    peak: l,
                }),
            }
        }
        prev = on;
    }
    out
}

fn ref_peak(loads: &[u32], from: NaiveDate, to: NaiveDate) -> u32 {
    (0..DAYS)
        .filter(|&n| from <= nth(n) && nth(n) <= to)
        .map(|n| loads[n as usize])
        .max()
        .unwrap_or(0)
}

fn rand_range(r: &mut XorShift) -> (NaiveDate, NaiveDate) {
    // Occasionally reversed (from > to) to exercise the "ignored" rule.
    let a = r.below(DAYS as u64) as i64;
    let len = r.below(12) as i64;
    if r.below(10) == 0 {
        (nth(a), nth((a - 1 - len).max(0)))
    } else {
        (nth(a), nth((a + len).min(DAYS - 1)))
    }
}

fn rand_intervals(r: &mut XorShift, max: u64) -> Vec<Interval> {
    let n = r.below(max + 1);
    (0..n)
        .map(|_| {
            let (a, b) = rand_range(r);
            let alloc = [0, 10, 20, 25, 50, 50, 60, 100][r.below(8) as usize];
            iv(a, b, alloc)
        })
        .collect()
}

fn check_profile_invariants(p: &[Segment]) {
    for s in p {
        assert!(s.from <= s.to);
        assert!(s.load > 0);
    }
    for w in p.windows(2) {
        assert!(w[0].to < w[1].from);
        assert!(w[0].to.succ_opt() != Some(w[1].from) || w[0].load != w[1].load);
    }
}

#[test]
fn random_against_reference() {
    let mut r = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let committed = rand_intervals(&mut r, 5);
        let mut all = committed.clone();
        all.extend(rand_intervals(&mut r, 4));
        let n_off = r.below(4);
        let time_off: Vec<_> = (0..n_off).map(|_| rand_range(&mut r)).collect();
        let capacity = [0, 50, 60, 100, 100][r.below(5) as usize];

        let c_loads = ref_loads(&committed, &time_off);
        let t_loads = ref_loads(&all, &time_off);
        let c_prof = load_profile(&committed, &time_off);
        let t_prof = load_profile(&all, &time_off);
        check_profile_invariants(&c_prof);
        check_profile_invariants(&t_prof);
        assert_eq!(c_prof, ref_profile(&c_loads), "{committed:?} {time_off:?}");
        assert_eq!(t_prof, ref_profile(&t_loads), "{all:?} {time_off:?}");

        assert_eq!(
            over_runs(&c_prof, capacity),
            ref_runs(|n| c_loads[n] > capacity, &c_loads)
        );
        assert_eq!(
            tentative_runs(&c_prof, &t_prof, capacity),
            ref_runs(
                |n| t_loads[n] > capacity && c_loads[n] <= capacity,
                &t_loads
            ),
            "{committed:?} {all:?} {time_off:?} cap {capacity}"
        );
        // Tentative with an unrelated "committed" profile too (not a subset of total).
        let other = load_profile(&rand_intervals(&mut r, 4), &[]);
        let o_loads = ref_loads(
            &other
                .iter()
                .map(|s| iv(s.from, s.to, s.load))
                .collect::<Vec<_>>(),
            &[],
        );
        assert_eq!(
            tentative_runs(&other, &t_prof, capacity),
            ref_runs(
                |n| t_loads[n] > capacity && o_loads[n] <= capacity,
                &t_loads
            )
        );

        // A change from committed to all, with capacities before and after that may differ.
        let cap_after = [0, 50, 60, 100, 100][r.below(5) as usize];
        assert_eq!(
            worse_runs(&c_prof, capacity, &t_prof, cap_after),
            ref_runs(
                |n| {
                    let excess = |l: u32, c: u32| i64::from(l) - i64::from(c);
                    t_loads[n] > cap_after
                        && excess(t_loads[n], cap_after) > excess(c_loads[n], capacity)
                },
                &t_loads
            ),
            "{committed:?} {all:?} {time_off:?} cap {capacity} -> {cap_after}"
        );
        // Taking load away never makes anything worse.
        assert!(worse_runs(&t_prof, capacity, &c_prof, capacity).is_empty());

        let mut periods: Vec<_> = (0..r.below(6)).map(|_| rand_range(&mut r)).collect();
        for &(a, b) in &periods {
            assert_eq!(peak_between(&t_prof, a, b), ref_peak(&t_loads, a, b));
        }
        let expect: Vec<u32> = periods
            .iter()
            .map(|&(a, b)| ref_peak(&t_loads, a, b))
            .collect();
        assert_eq!(peaks_for_periods(&t_prof, &periods), expect);
        periods.sort();
        let expect: Vec<u32> = periods
            .iter()
            .map(|&(a, b)| ref_peak(&t_loads, a, b))
            .collect();
        assert_eq!(peaks_for_periods(&t_prof, &periods), expect);

        for run in over_runs(&t_prof, capacity) {
            let expect: Vec<usize> = (0..all.len())
                .filter(|&i| {
                    let x = all[i];
                    (0..DAYS).any(|n| {
                        let y = nth(n);
                        x.from <= y && y <= x.to && run.from <= y && y <= run.to
                    })
                })
                .collect();
            assert_eq!(active_in(&all, run.from, run.to), expect);
        }
    }
}

// ---- explicit cases ----

#[test]
fn two_overlapping_intervals_make_one_run() {
    let ivs = [
        iv(d(2026, 3, 1), d(2026, 4, 30), 100),
        iv(d(2026, 3, 15), d(2026, 5, 31), 50),
    ];
    let p = load_profile(&ivs, &[]);
    assert_eq!(
        p,
        vec![
            Segment {
                from: d(2026, 3, 1),
                to: d(2026, 3, 14),
                load: 100
            },
            Segment {
                from: d(2026, 3, 15),
                to: d(2026, 4, 30),
                load: 150
            },
            Segment {
                from: d(2026, 5, 1),
                to: d(2026, 5, 31),
                load: 50
            },
        ]
    );
    let runs = over_runs(&p, 100);
    assert_eq!(
        runs,
        vec![Run {
            from: d(2026, 3, 15),
            to: d(2026, 4, 30),
            peak: 150
        }]
    );
    assert_eq!(active_in(&ivs, runs[0].from, runs[0].to), vec![0, 1]);
    assert_eq!(active_in(&ivs, d(2026, 5, 1), d(2026, 5, 2)), vec![1usize]);
}

#[test]
fn run_spans_segments_with_different_loads() {
    let ivs = [
        iv(d(2026, 1, 1), d(2026, 1, 31), 80),
        iv(d(2026, 1, 10), d(2026, 1, 20), 40),
        iv(d(2026, 1, 15), d(2026, 1, 25), 40),
    ];
    let p = load_profile(&ivs, &[]);
    assert_eq!(
        over_runs(&p, 100),
        vec![Run {
            from: d(2026, 1, 10),
            to: d(2026, 1, 25),
            peak: 160
        }]
    );
}

#[test]
fn time_off_splits_a_run() {
    let ivs = [
        iv(d(2026, 3, 1), d(2026, 3, 31), 100),
        iv(d(2026, 3, 1), d(2026, 3, 31), 30),
    ];
    let off = [
        (d(2026, 3, 10), d(2026, 3, 12)),
        (d(2026, 3, 11), d(2026, 3, 14)), // overlapping time off
    ];
    let p = load_profile(&ivs, &off);
    assert_eq!(
        over_runs(&p, 100),
        vec![
            Run {
                from: d(2026, 3, 1),
                to: d(2026, 3, 9),
                peak: 130
            },
            Run {
                from: d(2026, 3, 15),
                to: d(2026, 3, 31),
                peak: 130
            },
        ]
    );
    assert_eq!(peak_between(&p, d(2026, 3, 10), d(2026, 3, 14)), 0);
}

#[test]
fn exactly_full_is_not_over() {
    let ivs = [
        iv(d(2026, 3, 1), d(2026, 3, 31), 50),
        iv(d(2026, 3, 1), d(2026, 3, 31), 50),
    ];
    let p = load_profile(&ivs, &[]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].load, 100);
    assert!(over_runs(&p, 100).is_empty());
}

#[test]
fn one_interval_alone_above_capacity() {
    let ivs = [iv(d(2026, 6, 1), d(2026, 6, 30), 120)];
    let p = load_profile(&ivs, &[]);
    assert_eq!(
        over_runs(&p, 100),
        vec![Run {
            from: d(2026, 6, 1),
            to: d(2026, 6, 30),
            peak: 120
        }]
    );
}

#[test]
fn part_timer_capacity_60() {
    let ivs = [
        iv(d(2026, 1, 1), d(2026, 12, 31), 40),
        iv(d(2026, 4, 1), d(2026, 4, 30), 20),
        iv(d(2026, 5, 1), d(2026, 5, 31), 30),
    ];
    let p = load_profile(&ivs, &[]);
    // 60 in April is exactly full; 70 in May is over.
    assert_eq!(
        over_runs(&p, 60),
        vec![Run {
            from: d(2026, 5, 1),
            to: d(2026, 5, 31),
            peak: 70
        }]
    );
    assert_eq!(over_runs(&p, 100), vec![]);
}

#[test]
fn whole_calendar_interval_is_cheap() {
    let start = std::time::Instant::now();
    let ivs = [
        iv(d(1, 1, 1), d(9999, 12, 31), 100),
        iv(d(2026, 3, 1), d(2026, 3, 31), 50),
    ];
    let off = [(d(2026, 3, 10), d(2026, 3, 12))];
    let p = load_profile(&ivs, &off);
    // 100 | 150 | (time off) | 150 | 100
    assert_eq!(p.len(), 4);
    assert_eq!(p[0].from, d(1, 1, 1));
    assert_eq!(p[3].to, d(9999, 12, 31));
    let runs = over_runs(&p, 100);
    assert_eq!(
        runs,
        vec![
            Run {
                from: d(2026, 3, 1),
                to: d(2026, 3, 9),
                peak: 150
            },
            Run {
                from: d(2026, 3, 13),
                to: d(2026, 3, 31),
                peak: 150
            },
        ]
    );
    let low = over_runs(&p, 99);
    assert_eq!(low.len(), 2);
    assert_eq!((low[0].from, low[0].to), (d(1, 1, 1), d(2026, 3, 9)));
    assert_eq!((low[1].from, low[1].to), (d(2026, 3, 13), d(9999, 12, 31)));
    assert_eq!(low[1].peak, 150);
    // Without time off: 3 segments, one run over capacity 99 spanning the whole range.
    let whole = load_profile(&ivs, &[]);
    assert_eq!(whole.len(), 3);
    assert_eq!(
        over_runs(&whole, 99),
        vec![Run {
            from: d(1, 1, 1),
            to: d(9999, 12, 31),
            peak: 150
        }]
    );
    assert_eq!(peak_between(&p, d(1, 1, 1), d(9999, 12, 31)), 150);
    assert!(start.elapsed() < std::time::Duration::from_millis(200));
}

#[test]
fn chrono_extremes_do_not_panic() {
    let ivs = [
        iv(NaiveDate::MIN, NaiveDate::MAX, 70),
        iv(NaiveDate::MAX, NaiveDate::MAX, 70),
        iv(NaiveDate::MIN, NaiveDate::MIN, 70),
        iv(NaiveDate::MAX, NaiveDate::MIN, 70), // reversed: ignored
    ];
    let off = [(NaiveDate::MAX, NaiveDate::MAX)];
    let p = load_profile(&ivs, &off);
    assert_eq!(p.first().map(|s| s.from), Some(NaiveDate::MIN));
    assert_eq!(p.last().map(|s| s.to), NaiveDate::MAX.pred_opt());
    let runs = over_runs(&p, 100);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].from, NaiveDate::MIN);
    assert_eq!(runs[0].to, NaiveDate::MIN);
    let p2 = load_profile(&ivs, &[]);
    assert_eq!(over_runs(&p2, 100).len(), 2);
    assert_eq!(tentative_runs(&[], &p2, 100).len(), 2);
    assert_eq!(peak_between(&p2, NaiveDate::MIN, NaiveDate::MAX), 140);
    assert_eq!(
        peaks_for_periods(&p2, &[(NaiveDate::MIN, NaiveDate::MAX)]),
        vec![140]
    );
    assert_eq!(active_in(&ivs, NaiveDate::MAX, NaiveDate::MAX), vec![0, 1]);
}

#[test]
fn sums_do_not_overflow() {
    let ivs: Vec<Interval> = (0..10_000)
        .map(|_| iv(d(2026, 1, 1), d(2026, 1, 31), 1000))
        .collect();
    let p = load_profile(&ivs, &[]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].load, 10_000_000);
    let huge = [
        iv(d(2026, 1, 1), d(2026, 1, 31), u32::MAX),
        iv(d(2026, 1, 1), d(2026, 1, 31), u32::MAX),
    ];
    let p = load_profile(&huge, &[]);
    assert_eq!(p[0].load, u32::MAX);
    assert_eq!(over_runs(&p, u32::MAX), vec![]);
}

#[test]
fn tentative_only_where_committed_is_not_over() {
    let committed = [iv(d(2026, 3, 1), d(2026, 3, 31), 100)];
    let extra = [
        iv(d(2026, 3, 20), d(2026, 4, 10), 50),
        iv(d(2026, 3, 25), d(2026, 3, 28), 10),
    ];
    let mut committed_over = committed.to_vec();
    committed_over.push(iv(d(2026, 3, 15), d(2026, 3, 22), 20));
    let mut all = committed_over.clone();
    all.extend_from_slice(&extra);

    let c = load_profile(&committed_over, &[]);
    let t = load_profile(&all, &[]);
    // Committed alone is over 3/15..3/22 (PM201); PM202 covers 3/23..3/31 (150, 160).
    // From 4/1 total is 50: not over.
    assert_eq!(
        over_runs(&c, 100),
        vec![Run {
            from: d(2026, 3, 15),
            to: d(2026, 3, 22),
            peak: 120
        }]
    );
    assert_eq!(
        tentative_runs(&c, &t, 100),
        vec![Run {
            from: d(2026, 3, 23),
            to: d(2026, 3, 31),
            peak: 160
        }]
    );
    // Nothing proposed → nothing tentative.
    assert!(tentative_runs(&c, &c, 100).is_empty());
}

#[test]
fn peaks_for_periods_matches_peak_between() {
    let ivs = [
        iv(d(2026, 1, 5), d(2026, 2, 20), 60),
        iv(d(2026, 2, 1), d(2026, 6, 30), 50),
        iv(d(2026, 3, 3), d(2026, 3, 4), 40),
        iv(d(2025, 1, 1), d(2027, 12, 31), 10),
    ];
    let off = [(d(2026, 4, 1), d(2026, 4, 14))];
    let p = load_profile(&ivs, &off);
    // 52 weeks starting on Monday 2025-12-29.
    let weeks: Vec<(NaiveDate, NaiveDate)> = (0..52)
        .map(|w| {
            let a = d(2025, 12, 29) + chrono::Duration::weeks(w);
            (a, a + chrono::Duration::days(6))
        })
        .collect();
    let expect: Vec<u32> = weeks.iter().map(|&(a, b)| peak_between(&p, a, b)).collect();
    assert_eq!(peaks_for_periods(&p, &weeks), expect);
    assert_eq!(expect[0], 10);
    assert_eq!(expect[1], 70);
    assert!(expect.contains(&120));
    assert!(expect.contains(&100));
    let mut rev = weeks.clone();
    rev.reverse();
    let mut expect_rev = expect.clone();
    expect_rev.reverse();
    assert_eq!(peaks_for_periods(&p, &rev), expect_rev);
    assert_eq!(peaks_for_periods(&p, &[]), Vec::<u32>::new());
    assert_eq!(
        peaks_for_periods(&p, &[(d(2026, 3, 4), d(2026, 3, 3))]),
        vec![0]
    );
}

#[test]
fn empty_and_degenerate_inputs() {
    assert!(load_profile(&[], &[]).is_empty());
    assert!(load_profile(&[iv(d(2026, 2, 1), d(2026, 1, 1), 100)], &[]).is_empty());
    assert!(over_runs(&[], 0).is_empty());
    assert!(tentative_runs(&[], &[], 0).is_empty());
    assert_eq!(peak_between(&[], d(2026, 1, 1), d(2026, 12, 31)), 0);
    assert!(active_in(&[], d(2026, 1, 1), d(2026, 1, 2)).is_empty());
    // Back-to-back intervals with equal allocation form a single segment.
    let p = load_profile(
        &[
            iv(d(2026, 1, 1), d(2026, 1, 10), 50),
            iv(d(2026, 1, 11), d(2026, 1, 20), 50),
        ],
        &[],
    );
    assert_eq!(
        p,
        vec![Segment {
            from: d(2026, 1, 1),
            to: d(2026, 1, 20),
            load: 50
        }]
    );
}
