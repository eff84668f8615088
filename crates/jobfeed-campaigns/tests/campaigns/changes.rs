//! The ledger: entered, left and changed; progress towards a target.

use chrono::Duration;
use jobfeed_campaigns::{CampaignLedger, LeaveReason, Match, MatchEventKind, Progress};

use crate::common::{campaign, days_ago, now, posting};

#[test]
fn entered_left_and_changed_since() {
    let it = campaign(
        "it",
        "title = \"IT\"\ntarget = 3\n[filters]\nclusters = [\"it\"]\n",
    );
    let health = campaign(
        "health",
        "title = \"H\"\n[filters]\nclusters = [\"health\"]\n",
    );
    let campaigns = [it.clone(), health];
    let mut ledger = CampaignLedger::new();
    let t0 = now();
    let a = posting("a", "Udvikler", 1);
    let b = posting("b", "Tester", 1);
    let c = posting("c", "Arkitekt", 1);

    let events = ledger.observe(&campaigns, &a, t0);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].campaign.as_str(), events[0].kind),
        ("it", MatchEventKind::Entered)
    );
    ledger.observe(&campaigns, &b, t0);
    ledger.observe(&campaigns, &c, t0);
    // seen again unchanged (only last_seen moved): nothing happens
    let mut a_again = a.clone();
    a_again.last_seen = Some(t0 + Duration::hours(1));
    assert!(
        ledger
            .observe(&campaigns, &a_again, t0 + Duration::hours(1))
            .is_empty()
    );

    let since = t0 + Duration::hours(2);
    let t1 = t0 + Duration::hours(3);
    // a: content changed, still IT
    let mut a2 = a.clone();
    a2.title = "Senior udvikler".into();
    assert_eq!(
        ledger.observe(&campaigns, &a2, t1)[0].kind,
        MatchEventKind::Changed
    );
    // b: moved to health: leaves IT, enters health
    let mut b2 = b.clone();
    b2.clusters = vec!["health".into()];
    let kinds: Vec<_> = ledger
        .observe(&campaigns, &b2, t1)
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            MatchEventKind::Left(LeaveReason::ChangedOut),
            MatchEventKind::Entered
        ]
    );
    // c: deadline passed
    let mut c2 = c.clone();
    c2.valid_through = Some(days_ago(0) - Duration::hours(1));
    let left = ledger.observe(&campaigns, &c2, t1 + Duration::days(1));
    assert_eq!(left[0].kind, MatchEventKind::Left(LeaveReason::Expired));
    // d: new
    ledger.observe(&campaigns, &posting("d", "Udvikler", 0), t1);

    let changes = ledger.changes_since("it", since);
    let ids = |ms: &[Match]| {
        ms.iter()
            .map(|m| m.posting_id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&changes.entered), ["d"]);
    assert_eq!(ids(&changes.left), ["b", "c"]);
    assert_eq!(changes.left[0].reason, Some(LeaveReason::ChangedOut));
    assert_eq!(changes.left[1].reason, Some(LeaveReason::Expired));
    assert_eq!(ids(&changes.changed), ["a"]);
    let removed: Vec<_> = changes
        .removed()
        .into_iter()
        .map(|r| (r.id.to_string(), r.removed_at))
        .collect();
    assert_eq!(
        removed,
        [
            ("b".to_string(), t1),
            ("c".to_string(), t1 + Duration::days(1))
        ]
    );
    assert_eq!(ids(&ledger.changes_since("health", since).entered), ["b"]);
    // before everything, all four entered and nothing "changed"
    let all = ledger.changes_since("it", t0 - Duration::seconds(1));
    assert_eq!(all.entered.len(), 4);
    assert!(all.changed.is_empty());

    assert_eq!(
        ledger.progress(&it),
        Some(Progress {
            target: 3,
            current: 2,
            missing: 1
        })
    );
    assert_eq!(ledger.progress(&campaigns[1]), None);
}

#[test]
fn removal_closes_every_campaign_and_reentry_is_a_new_stay() {
    let all = campaign("all", "title = \"All\"\n");
    let it = campaign("it", "title = \"IT\"\n[filters]\nclusters = [\"it\"]\n");
    let campaigns = [all, it];
    let mut ledger = CampaignLedger::new();
    let p = posting("a", "Udvikler", 1);
    ledger.observe(&campaigns, &p, now());
    let events = ledger.remove(&p.id, LeaveReason::Removed, now() + Duration::hours(1));
    assert_eq!(events.len(), 2);
    assert!(ledger.current("all").is_empty());
    assert!(ledger.remove(&p.id, LeaveReason::Removed, now()).is_empty());

    ledger.observe(&campaigns, &p, now() + Duration::hours(2));
    assert_eq!(ledger.current("it").len(), 1);
    assert_eq!(
        ledger.records().count(),
        4,
        "old stays kept, new ones added"
    );

    // records round-trip through storage
    let json = serde_json::to_string(&ledger.records().collect::<Vec<_>>()).unwrap();
    let back: Vec<Match> = serde_json::from_str(&json).unwrap();
    assert!(json.contains("\"reason\":\"removed\""));
    let reloaded = CampaignLedger::from_records(back);
    assert_eq!(reloaded.current("it").len(), 1);
    assert_eq!(reloaded.records().count(), 4);
}

#[test]
fn progress_saturates() {
    assert_eq!(Progress::new(150, 200).missing, 0);
    assert_eq!(Progress::new(150, 0).missing, 150);
}
