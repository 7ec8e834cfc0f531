//! The store suite: every test runs on SQLite, and on PostgreSQL too when
//! SEAMS_TEST_POSTGRES_URL points at a server where it may create databases.
#![cfg(feature = "ssr")]

mod common;

use app::models::Role;
use app::store::StoreError;
use common::{databases, someone};
use engine::edit::Edit;
use engine::model::{AnswerValue, Module, Project};

fn demo() -> Project {
    engine::demo::project()
}

#[tokio::test]
async fn users_accounts_guests_and_failed_sign_ins() {
    for (kind, db, _) in databases().await {
        let kim = db
            .create_user("Kim@Example.com", "김민지", "argon-hash")
            .await
            .unwrap();
        assert_eq!(kim.email.as_deref(), Some("kim@example.com"), "{kind}");
        assert!(
            matches!(
                db.create_user("kim@example.COM", "x", "h").await,
                Err(StoreError::EmailTaken)
            ),
            "{kind}"
        );
        assert_eq!(
            db.user_by_email("KIM@example.com").await.unwrap(),
            Some(kim.clone()),
            "{kind}"
        );
        assert_eq!(db.user(&kim.id).await.unwrap(), Some(kim.clone()), "{kind}");

        let guest = db.create_guest("손님").await.unwrap();
        assert!(guest.email.is_none() && guest.info().is_guest(), "{kind}");
        assert!(
            matches!(
                db.upgrade_guest(&guest.id, "kim@example.com", "손님", "h")
                    .await,
                Err(StoreError::EmailTaken)
            ),
            "{kind}"
        );
        let upgraded = db
            .upgrade_guest(&guest.id, "guest@example.com", "이손님", "h2")
            .await
            .unwrap();
        assert_eq!(
            (upgraded.id.as_str(), upgraded.display_name.as_str()),
            (guest.id.as_str(), "이손님"),
            "{kind}"
        );
        assert!(
            db.upgrade_guest(&kim.id, "other@example.com", "x", "h")
                .await
                .is_err(),
            "{kind}: only guests"
        );

        for _ in 0..3 {
            db.record_sign_in_failure("email:kim@example.com")
                .await
                .unwrap();
        }
        assert_eq!(
            db.sign_in_failures_since("email:kim@example.com", 0)
                .await
                .unwrap(),
            3,
            "{kind}"
        );
        assert_eq!(
            db.purge_old_sign_in_failures().await.unwrap(),
            0,
            "{kind}: recent attempts are kept"
        );
        db.clear_sign_in_failures("email:kim@example.com")
            .await
            .unwrap();
        assert_eq!(
            db.sign_in_failures_since("email:kim@example.com", 0)
                .await
                .unwrap(),
            0,
            "{kind}"
        );
    }
}

#[tokio::test]
async fn projects_are_created_listed_duplicated_deleted_and_restored() {
    for (kind, db, _) in databases().await {
        let owner = someone(&db, "owner").await;
        let other = someone(&db, "other").await;
        let id = db.create_project(&owner, demo()).await.unwrap();
        let doc = db.project_doc(&id, Role::Owner).await.unwrap();
        assert_eq!(doc.revision, 1, "{kind}");
        let mut expected = demo();
        for (split, loaded) in expected.splits.iter_mut().zip(&doc.project.splits) {
            assert!(!loaded.id.is_empty());
            split.id = loaded.id.clone();
        }
        assert_eq!(
            doc.project, expected,
            "{kind}: the model comes back exactly"
        );

        let list = db.list_projects(&owner.id, false).await.unwrap();
        assert_eq!(list.len(), 1, "{kind}");
        assert_eq!(
            (list[0].role, list[0].modules, list[0].splits),
            (Role::Owner, 33, 2),
            "{kind}"
        );
        assert!(
            db.list_projects(&other.id, false).await.unwrap().is_empty(),
            "{kind}"
        );
        assert_eq!(db.role_of(&id, &other.id).await.unwrap(), None, "{kind}");

        let copy = db.duplicate_project(&id, &other, "사본").await.unwrap();
        assert_ne!(copy, id);
        assert_eq!(
            db.role_of(&copy, &other.id).await.unwrap(),
            Some(Role::Owner),
            "{kind}"
        );
        assert_eq!(
            db.project_doc(&copy, Role::Owner)
                .await
                .unwrap()
                .project
                .modules,
            doc.project.modules,
            "{kind}"
        );

        db.delete_project(&id).await.unwrap();
        assert!(
            db.list_projects(&owner.id, false).await.unwrap().is_empty(),
            "{kind}"
        );
        assert_eq!(
            db.list_projects(&owner.id, true).await.unwrap().len(),
            1,
            "{kind}"
        );
        assert_eq!(
            db.role_of(&id, &owner.id).await.unwrap(),
            None,
            "{kind}: deleted projects are closed"
        );
        assert_eq!(
            db.role_in_deleted(&id, &owner.id).await.unwrap(),
            Some(Role::Owner),
            "{kind}"
        );
        assert!(
            matches!(
                db.project_doc(&id, Role::Owner).await,
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
        assert_eq!(
            db.purge_deleted_projects().await.unwrap(),
            0,
            "{kind}: recent deletions are kept"
        );
        db.undelete_project(&id).await.unwrap();
        assert_eq!(
            db.list_projects(&owner.id, false).await.unwrap().len(),
            1,
            "{kind}"
        );
    }
}

#[tokio::test]
async fn edits_bump_the_revision_and_stale_writes_to_the_same_object_are_refused() {
    for (kind, db, _) in databases().await {
        let a = someone(&db, "Alice").await;
        let b = someone(&db, "Bora").await;
        let id = db.create_project(&a, demo()).await.unwrap();
        let doc = db.project_doc(&id, Role::Owner).await.unwrap();
        let split = doc.project.splits[0].clone();
        let target = split.services[2].id.clone();
        let assign = |module: &str| Edit::Assign {
            split: split.id.clone(),
            module: module.to_string(),
            service: Some(target.clone()),
        };

        assert_eq!(
            db.apply_edit(&id, &a, 1, &assign("remit.TransferService"))
                .await
                .unwrap(),
            2,
            "{kind}"
        );
        // Bora still sees revision 1: the same module is refused, another is fine.
        match db
            .apply_edit(&id, &b, 1, &assign("remit.TransferService"))
            .await
        {
            Err(StoreError::Conflict { by, revision }) => {
                assert_eq!((by.as_str(), revision), ("Alice", 2), "{kind}")
            }
            other => panic!("{kind}: expected a conflict, got {other:?}"),
        }
        assert_eq!(
            db.apply_edit(&id, &b, 1, &assign("order.OrderService"))
                .await
                .unwrap(),
            3,
            "{kind}"
        );

        let doc = db.project_doc(&id, Role::Owner).await.unwrap();
        let s = &doc.project.splits[0];
        assert_eq!(s.assignment["remit.TransferService"], target, "{kind}");
        let order: Vec<&String> = s.assignment.keys().rev().take(2).collect();
        assert_eq!(
            order,
            ["order.OrderService", "remit.TransferService"],
            "{kind}: moved modules go last"
        );

        let invalid = Edit::PutModule {
            module: Module::new(""),
        };
        assert!(
            matches!(
                db.apply_edit(&id, &a, 3, &invalid).await,
                Err(StoreError::Edit(_))
            ),
            "{kind}"
        );
        assert_eq!(
            db.revision(&id).await.unwrap(),
            Some(3),
            "{kind}: refused edits change nothing"
        );

        let answer = Edit::Answer {
            participant: b.id.clone(),
            question: "n1".into(),
            answer: Some(AnswerValue::Partly),
            note: "배포 대기".into(),
        };
        db.apply_edit(&id, &b, 3, &answer).await.unwrap();
        let doc = db.project_doc(&id, Role::Viewer).await.unwrap();
        assert_eq!(doc.project.readiness.answers[0].note, "배포 대기", "{kind}");
        assert_eq!(doc.participants[&b.id], "Bora", "{kind}");
        let history = db.history(&id, 10, None).await.unwrap();
        assert_eq!(
            history.iter().map(|h| h.revision).collect::<Vec<_>>(),
            [4, 3, 2, 1],
            "{kind}"
        );
        assert_eq!(history[1].user_name, "Bora", "{kind}");
        assert_eq!(history[1].action, "assign", "{kind}");
    }
}

/// A split's roadmap decisions are stored and read back, a stale reorder is
/// refused like any stale write, and deleting the split deletes them.
#[tokio::test]
async fn roadmap_decisions_are_stored_read_back_and_conflict_when_stale() {
    use engine::model::{NotBefore, RoadmapPlan, StepNote};
    for (kind, db, _) in databases().await {
        let a = someone(&db, "Ari").await;
        let b = someone(&db, "Bora").await;
        let id = db.create_project(&a, demo()).await.unwrap();
        let doc = db.project_doc(&id, Role::Owner).await.unwrap();
        let split = doc.project.splits[0].clone();
        let ids: Vec<String> = split.services.iter().map(|s| s.id.clone()).collect();
        let plan = RoadmapPlan {
            order: ids.iter().rev().cloned().collect(),
            first: vec![ids[1].clone()],
            not_before: vec![NotBefore {
                later: ids[0].clone(),
                earlier: ids[2].clone(),
            }],
            kept_tables: vec!["balances".into()],
            cycle_group_max: 2,
            notes: vec![StepNote {
                service: ids[1].clone(),
                owner: "order-team".into(),
                note: "분기 말 이후".into(),
            }],
        };
        let set = |roadmap: RoadmapPlan| Edit::SetRoadmap {
            split: split.id.clone(),
            roadmap,
        };
        assert_eq!(
            db.apply_edit(&id, &a, 1, &set(plan.clone())).await.unwrap(),
            2,
            "{kind}"
        );
        let doc = db.project_doc(&id, Role::Owner).await.unwrap();
        assert_eq!(
            doc.project.splits[0].roadmap, plan,
            "{kind}: read back exactly"
        );
        assert_eq!(
            *db.snapshot(&id).await.unwrap(),
            db.snapshot_from_rows(&id).await.unwrap(),
            "{kind}"
        );
        let history = db.history(&id, 1, None).await.unwrap();
        assert!(
            history[0].summary_en.starts_with("Roadmap ("),
            "{kind}: {}",
            history[0].summary_en
        );
        match db
            .apply_edit(&id, &b, 1, &set(RoadmapPlan::default()))
            .await
        {
            Err(StoreError::Conflict { by, revision }) => {
                assert_eq!((by.as_str(), revision), ("Ari", 2), "{kind}")
            }
            other => panic!("{kind}: expected a conflict, got {other:?}"),
        }
        db.apply_edit(
            &id,
            &b,
            2,
            &Edit::DeleteSplit {
                split: split.id.clone(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            *db.snapshot(&id).await.unwrap(),
            db.snapshot_from_rows(&id).await.unwrap(),
            "{kind}: the roadmap went with its split"
        );
    }
}

#[tokio::test]
async fn restoring_an_old_revision_then_the_latest_gives_the_latest_back_exactly() {
    for (kind, db, _) in databases().await {
        let owner = someone(&db, "owner").await;
        let id = db.create_project(&owner, demo()).await.unwrap();
        let doc = db.project_doc(&id, Role::Owner).await.unwrap();
        let split = doc.project.splits[1].clone();
        let modules: Vec<String> = split.assignment.keys().cloned().collect();
        // Enough edits to pass a snapshot, so restoring replays edits after one.
        let mut revision = 1;
        for step in 0..60 {
            let edit = Edit::Assign {
                split: split.id.clone(),
                module: modules[step % modules.len()].clone(),
                service: Some(split.services[step % split.services.len()].id.clone()),
            };
            revision = db.apply_edit(&id, &owner, revision, &edit).await.unwrap();
        }
        let latest = db.project_doc(&id, Role::Owner).await.unwrap();
        assert_eq!(latest.revision, 61, "{kind}");
        assert_eq!(
            db.project_at(&id, 61).await.unwrap(),
            latest.project,
            "{kind}: replay equals the stored state"
        );

        let restored = db.restore_revision(&id, &owner, 10).await.unwrap();
        assert_eq!(restored, 62, "{kind}");
        let old = db.project_doc(&id, Role::Owner).await.unwrap().project;
        assert_eq!(old, db.project_at(&id, 10).await.unwrap(), "{kind}");
        assert_ne!(old, latest.project, "{kind}");

        db.restore_revision(&id, &owner, 61).await.unwrap();
        let back = db.project_doc(&id, Role::Owner).await.unwrap();
        assert_eq!(
            back.project, latest.project,
            "{kind}: the latest state exactly"
        );
        assert_eq!(back.revision, 63, "{kind}: restoring is itself a revision");
        assert!(
            matches!(
                db.restore_revision(&id, &owner, 99).await,
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn members_invites_and_access_tokens() {
    for (kind, db, _) in databases().await {
        let owner = someone(&db, "owner").await;
        let id = db.create_project(&owner, Project::new("p")).await.unwrap();
        let refused = db.remove_member(&id, &owner.id).await;
        assert!(
            matches!(refused, Err(StoreError::Refused(_))),
            "{kind}: the last owner stays"
        );

        let invite = db
            .create_invite(&id, Role::Participant, &owner.id, 60_000)
            .await
            .unwrap();
        let token = invite.token.clone().unwrap();
        let guest = db.create_guest("게스트").await.unwrap();
        assert_eq!(
            db.accept_invite(&token, &guest.id).await.unwrap(),
            id,
            "{kind}"
        );
        assert_eq!(
            db.role_of(&id, &guest.id).await.unwrap(),
            Some(Role::Participant),
            "{kind}"
        );
        let listed = db.invites(&id).await.unwrap();
        assert_eq!(
            (listed[0].uses, listed[0].token.is_none()),
            (1, true),
            "{kind}: secrets are never listed"
        );

        db.revoke_invite(&id, &invite.id).await.unwrap();
        let late = someone(&db, "late").await;
        assert!(
            matches!(
                db.accept_invite(&token, &late.id).await,
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
        let expired = db
            .create_invite(&id, Role::Viewer, &owner.id, -1)
            .await
            .unwrap();
        assert!(
            db.accept_invite(expired.token.as_deref().unwrap(), &late.id)
                .await
                .is_err(),
            "{kind}"
        );
        assert!(
            db.create_invite(&id, Role::Owner, &owner.id, 1000)
                .await
                .is_err(),
            "{kind}"
        );

        let facilitating = db
            .create_invite(&id, Role::Facilitator, &owner.id, 60_000)
            .await
            .unwrap();
        let facilitator = someone(&db, "facilitator").await;
        db.accept_invite(facilitating.token.as_deref().unwrap(), &facilitator.id)
            .await
            .unwrap();
        assert_eq!(
            db.role_of(&id, &facilitator.id).await.unwrap(),
            Some(Role::Facilitator),
            "{kind}"
        );
        db.remove_member(&id, &facilitator.id).await.unwrap();

        db.set_role(&id, &guest.id, Role::Owner).await.unwrap();
        db.set_role(&id, &owner.id, Role::Facilitator)
            .await
            .unwrap();
        let members = db.members(&id).await.unwrap();
        assert_eq!(
            members.iter().map(|m| m.role).collect::<Vec<_>>(),
            [Role::Owner, Role::Facilitator],
            "{kind}"
        );
        db.remove_member(&id, &owner.id).await.unwrap();

        let created = db.create_token(&owner.id, "CI").await.unwrap();
        assert!(created.secret.starts_with("seams_"), "{kind}");
        assert_eq!(
            db.user_for_token(&created.secret)
                .await
                .unwrap()
                .map(|u| u.id),
            Some(owner.id.clone()),
            "{kind}"
        );
        assert!(
            db.tokens(&owner.id).await.unwrap()[0]
                .last_used_at
                .is_some(),
            "{kind}"
        );
        db.revoke_token(&owner.id, &created.token.id).await.unwrap();
        assert_eq!(
            db.user_for_token(&created.secret).await.unwrap(),
            None,
            "{kind}"
        );
        assert!(
            db.revoke_token(&guest.id, &created.token.id).await.is_err(),
            "{kind}: only your own tokens"
        );
    }
}

/// Every kind of edit, each checked by comparing the snapshot kept in memory
/// with the project read back from its rows.
#[tokio::test]
async fn kept_snapshots_equal_the_stored_rows_after_every_kind_of_edit() {
    use engine::edit::Move;
    use engine::model::{
        Call, CustomQuestion, QuestionGroup, RoadmapPlan, Service, ServicePair, Split, SplitOrigin,
        StepNote,
    };
    for (kind, db, url) in databases().await {
        let owner = someone(&db, "Owner").await;
        let voter = someone(&db, "Voter").await;
        let id = db.create_project(&owner, demo()).await.unwrap();
        let first = db.snapshot(&id).await.unwrap();
        let split = first.project.splits[0].clone();
        let modules: Vec<String> = split.assignment.keys().cloned().collect();
        let mut extra = Split::new("Extra", SplitOrigin::Manual);
        extra.id = "extra".into();
        extra.services.push(Service::new("x1", "X one"));
        extra.assignment.insert(modules[0].clone(), "x1".into());
        let question = CustomQuestion {
            id: "q1".into(),
            group: QuestionGroup::Necessity,
            ko: "질문".into(),
            en: "Question".into(),
        };
        let answer = |participant: &str, question: &str| Edit::Answer {
            participant: participant.to_string(),
            question: question.to_string(),
            answer: Some(AnswerValue::Yes),
            note: String::new(),
        };
        let edits = vec![
            Edit::PutModule {
                module: Module::new("new.Module"),
            },
            Edit::PutCall {
                call: Call::new("new.Module", &modules[1]),
            },
            Edit::PutModule {
                module: Module {
                    name: "Renamed".into(),
                    ..Module::new(modules[2].as_str())
                },
            },
            Edit::Moves {
                split: split.id.clone(),
                moves: vec![
                    Move {
                        module: modules[3].clone(),
                        service: Some(split.services[1].id.clone()),
                    },
                    Move {
                        module: modules[4].clone(),
                        service: None,
                    },
                    Move {
                        module: modules[3].clone(),
                        service: Some(split.services[0].id.clone()),
                    },
                ],
            },
            Edit::AddSplit { split: extra },
            Edit::PutService {
                split: "extra".into(),
                service: Service::new("x2", "X two"),
            },
            Edit::SetRoadmap {
                split: "extra".into(),
                roadmap: RoadmapPlan {
                    first: vec!["x1".into()],
                    notes: vec![StepNote {
                        service: "x2".into(),
                        owner: "팀".into(),
                        note: "나중에".into(),
                    }],
                    ..RoadmapPlan::default()
                },
            },
            Edit::SetRoadmap {
                split: split.id.clone(),
                roadmap: RoadmapPlan {
                    order: split.services.iter().rev().map(|s| s.id.clone()).collect(),
                    cycle_group_max: 0,
                    ..RoadmapPlan::default()
                },
            },
            // Forbidden service dependencies, kept with the split; deleting a
            // service forgets the pairs that name it.
            Edit::SetForbidden {
                split: split.id.clone(),
                forbidden: vec![ServicePair {
                    from: split.services[1].id.clone(),
                    to: split.services[0].id.clone(),
                }],
            },
            Edit::SetForbidden {
                split: "extra".into(),
                forbidden: vec![ServicePair {
                    from: "x1".into(),
                    to: "x2".into(),
                }],
            },
            Edit::Assign {
                split: "extra".into(),
                module: modules[1].clone(),
                service: Some("x2".into()),
            },
            Edit::DeleteService {
                split: "extra".into(),
                service: "x1".into(),
            },
            Edit::PutQuestion { question },
            answer(&owner.id, "q1"),
            answer(&voter.id, "n2"),
            answer(&voter.id, "n1"),
            Edit::DeleteQuestion { id: "q1".into() },
            Edit::DeleteSplit {
                split: "extra".into(),
            },
            Edit::DeleteCall {
                caller: "new.Module".into(),
                callee: modules[1].clone(),
            },
            Edit::DeleteModule {
                id: modules[5].clone(),
            },
            Edit::RenameSplit {
                split: split.id.clone(),
                name: "Renamed split".into(),
            },
            Edit::SetRoadmap {
                split: split.id.clone(),
                roadmap: RoadmapPlan::default(),
            },
        ];
        for (step, edit) in edits.iter().enumerate() {
            let seen = db.revision(&id).await.unwrap().unwrap();
            db.apply_edit(&id, &owner, seen, edit)
                .await
                .unwrap_or_else(|e| panic!("{kind}: step {step}: {e}"));
            let kept = db.snapshot(&id).await.unwrap();
            let stored = db.snapshot_from_rows(&id).await.unwrap();
            assert_eq!(*kept, stored, "{kind}: after step {step} ({edit:?})");
        }
        assert_eq!(
            db.snapshot(&id).await.unwrap().participants[&voter.id],
            "Voter",
            "{kind}"
        );

        // Another process writing the same database: this one notices by the revision.
        let other = app::store::Db::connect(&url).await.unwrap();
        let seen = db.revision(&id).await.unwrap().unwrap();
        other
            .apply_edit(
                &id,
                &owner,
                seen,
                &Edit::SetInfo {
                    name: "Changed elsewhere".into(),
                    description: String::new(),
                },
            )
            .await
            .unwrap();
        let now = db.snapshot(&id).await.unwrap();
        assert_eq!(now.project.name, "Changed elsewhere", "{kind}");
        assert_eq!(*now, db.snapshot_from_rows(&id).await.unwrap(), "{kind}");
        let restored = db.restore_revision(&id, &owner, 2).await.unwrap();
        assert_eq!(db.snapshot(&id).await.unwrap().revision, restored, "{kind}");
        assert_eq!(
            *db.snapshot(&id).await.unwrap(),
            db.snapshot_from_rows(&id).await.unwrap(),
            "{kind}: after a restore"
        );
    }
}

/// Layers put on and removed from a big model are written in steps like big
/// imports: what is kept and what is stored agree, a stale layer is refused,
/// no generation is left behind, and the model's own calls are untouched.
#[tokio::test]
async fn layers_on_a_big_model_are_written_in_steps() {
    use engine::model::{CallStyle, Layer, LayerCall, LayerKind};
    let layer = Layer {
        calls: vec![LayerCall {
            caller: "m.0".into(),
            callee: "payments".into(),
            style: CallStyle::Sync,
            count: 12,
            errors: None,
            latency: None,
        }],
        ..Layer::new("prod traces", LayerKind::Traces)
    };
    for (kind, db, _) in databases().await {
        let owner = someone(&db, "Owner").await;
        let id = db.create_project(&owner, demo()).await.unwrap();
        let (modules, calls) = chain("m.", 6_000);
        let seen = db.revision(&id).await.unwrap().unwrap();
        let imported = db
            .apply_edit(
                &id,
                &owner,
                seen,
                &Edit::Import {
                    modules,
                    calls,
                    splits: None,
                },
            )
            .await
            .unwrap();
        let put = Edit::PutLayer {
            layer: layer.clone(),
        };
        let layered = db.apply_edit(&id, &owner, imported, &put).await.unwrap();
        let stored = db.snapshot_from_rows(&id).await.unwrap();
        assert_eq!(*db.snapshot(&id).await.unwrap(), stored, "{kind}");
        assert_eq!(stored.project.modules.len(), 6_001, "{kind}");
        assert_eq!(stored.project.calls.len(), 6_000, "{kind}");
        assert_eq!(
            stored.project.layers,
            std::slice::from_ref(&layer),
            "{kind}"
        );
        let stale = db.apply_edit(&id, &owner, imported, &put).await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { .. })),
            "{kind}: {stale:?}"
        );

        let remove = Edit::DeleteLayer {
            source: "prod traces".into(),
        };
        db.apply_edit(&id, &owner, layered, &remove).await.unwrap();
        let stored = db.snapshot_from_rows(&id).await.unwrap();
        assert_eq!(*db.snapshot(&id).await.unwrap(), stored, "{kind}");
        assert!(stored.project.layers.is_empty(), "{kind}");
        assert_eq!(stored.project.calls.len(), 5_999, "{kind}");
        assert!(
            stored.project.calls.iter().all(|c| c.source.is_none()),
            "{kind}"
        );
        assert_eq!(db.purge_unused_generations().await.unwrap(), 0, "{kind}");
    }
}

/// A model of `n` modules in a chain of calls, named with `prefix`.
fn chain(prefix: &str, n: usize) -> (Vec<Module>, Vec<engine::model::Call>) {
    let modules: Vec<Module> = (0..n)
        .map(|i| Module::new(format!("{prefix}{i}")))
        .collect();
    let calls = modules
        .windows(2)
        .map(|pair| engine::model::Call::new(pair[0].id.as_str(), pair[1].id.as_str()))
        .collect();
    (modules, calls)
}

/// Big imports are written as a new model generation in steps and switched
/// to at once: what is kept and what is stored agree, edits after them land in
/// the new generation, a stale import is refused, nothing is left behind.
#[tokio::test]
async fn big_imports_switch_to_a_new_generation_and_leave_nothing_behind() {
    for (kind, db, _) in databases().await {
        let owner = someone(&db, "Owner").await;
        let id = db.create_project(&owner, demo()).await.unwrap();
        let import = |prefix: &str| {
            let (modules, calls) = chain(prefix, 6_000);
            Edit::Import {
                modules,
                calls,
                splits: None,
            }
        };
        let seen = db.revision(&id).await.unwrap().unwrap();
        let first = db
            .apply_edit(&id, &owner, seen, &import("a."))
            .await
            .unwrap();
        let stored = db.snapshot_from_rows(&id).await.unwrap();
        assert_eq!(*db.snapshot(&id).await.unwrap(), stored, "{kind}");
        assert_eq!(stored.project.modules.len(), 6_000, "{kind}");
        assert_eq!(stored.project.calls.len(), 5_999, "{kind}");
        assert!(
            stored
                .project
                .splits
                .iter()
                .all(|s| s.assignment.is_empty()),
            "{kind}: assignments of modules that are gone are gone"
        );
        let listed = db.list_projects(&owner.id, false).await.unwrap();
        assert_eq!(listed[0].modules, 6_000, "{kind}");

        let renamed = Edit::PutModule {
            module: Module {
                name: "Renamed".into(),
                ..Module::new("a.7")
            },
        };
        db.apply_edit(&id, &owner, first, &renamed).await.unwrap();
        assert_eq!(
            *db.snapshot(&id).await.unwrap(),
            db.snapshot_from_rows(&id).await.unwrap(),
            "{kind}: an edit after the import"
        );
        let stale = db.apply_edit(&id, &owner, first, &import("b.")).await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { .. })),
            "{kind}: {stale:?}"
        );
        let seen = db.revision(&id).await.unwrap().unwrap();
        db.apply_edit(&id, &owner, seen, &import("c."))
            .await
            .unwrap();
        let stored = db.snapshot_from_rows(&id).await.unwrap();
        assert_eq!(*db.snapshot(&id).await.unwrap(), stored, "{kind}");
        assert_eq!(stored.project.modules[0].id, "c.0", "{kind}");
        assert_eq!(db.purge_unused_generations().await.unwrap(), 0, "{kind}");

        db.restore_revision(&id, &owner, 1).await.unwrap();
        let restored = db.snapshot_from_rows(&id).await.unwrap();
        assert_eq!(*db.snapshot(&id).await.unwrap(), restored, "{kind}");
        assert_eq!(restored.project.modules, demo().modules, "{kind}");
    }
}

/// Evidence layers are stored with the project (the layer's body and, per
/// call, the layer that added it), read back from the rows exactly, replaced
/// by a re-import, kept across a model edit and removed with their calls.
#[tokio::test]
async fn layers_and_call_sources_are_stored_and_read_back() {
    use engine::model::{CallStyle, CoChangeLink, Latency, Layer, LayerCall, LayerKind};
    let traces = |count: u64| Layer {
        calls: vec![LayerCall {
            caller: "remit.TransferService".into(),
            callee: "checkout".into(),
            style: CallStyle::Async,
            count,
            errors: Some(1),
            latency: Some(Latency {
                p50: 1.5,
                p95: 9.0,
                p99: 12.25,
            }),
        }],
        ..Layer::new("prod traces", LayerKind::Traces)
    };
    let history = Layer {
        co_changes: vec![CoChangeLink {
            a: "fee.FeeCalculator".into(),
            b: "remit.TransferService".into(),
            degree: 83,
            shared: 5,
            revisions: 6,
        }],
        ..Layer::new("git", LayerKind::History)
    };
    for (kind, db, _) in databases().await {
        let owner = someone(&db, "owner").await;
        let id = db.create_project(&owner, demo()).await.unwrap();
        let mut revision = 1;
        for edit in [
            Edit::PutLayer { layer: traces(40) },
            Edit::PutLayer {
                layer: history.clone(),
            },
            Edit::PutLayer { layer: traces(7) },
        ] {
            revision = db.apply_edit(&id, &owner, revision, &edit).await.unwrap();
        }
        let stored = db.snapshot_from_rows(&id).await.unwrap().project;
        assert_eq!(
            stored,
            db.snapshot(&id).await.unwrap().project,
            "{kind}: rows equal memory"
        );
        assert_eq!(
            stored.layers.len(),
            2,
            "{kind}: the re-import replaced its layer"
        );
        assert_eq!(
            stored.layers[0].source, "prod traces",
            "{kind}: in its place"
        );
        assert_eq!(stored.layers[0].calls[0].count, 7, "{kind}");
        let call = stored
            .calls
            .iter()
            .find(|c| c.callee == "checkout")
            .unwrap();
        assert_eq!(
            (call.source.as_deref(), call.volume),
            (Some("prod traces"), 7.0),
            "{kind}"
        );
        assert!(stored.modules.iter().any(|m| m.id == "checkout"), "{kind}");

        let edit = Edit::DeleteLayer {
            source: "prod traces".into(),
        };
        db.apply_edit(&id, &owner, revision, &edit).await.unwrap();
        let after = db.snapshot_from_rows(&id).await.unwrap().project;
        assert_eq!(after.layers, std::slice::from_ref(&history), "{kind}");
        assert!(after.calls.iter().all(|c| c.source.is_none()), "{kind}");
    }
}

/// Rows of `table` that belong to a project, counted on the database itself.
async fn rows_of(url: &str, table: &str, project_id: &str) -> i64 {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE project_id = $1"
    ))
    .bind(project_id)
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn awkward_text_and_numbers_are_stored_exactly_and_leave_with_their_split_and_project() {
    use engine::model::{Call, Service, Split, SplitOrigin};
    // What an array literal or a JSON document must escape, and doubles
    // whose shortest form is long.
    let names = [
        r#"quote " and backslash \ and \" both"#,
        "{braces}, commas, NULL",
        "NULL",
        "줄\n바꿈\t탭 🚀",
        "",
    ];
    let mut project = Project::new("awkward");
    for (ix, name) in names.iter().enumerate() {
        let mut module = Module::new(format!("m{ix}{name}"));
        module.name = name.to_string();
        module.team = (ix % 2 == 0).then(|| name.to_string());
        module.reads = vec![name.to_string()];
        project.modules.push(module);
    }
    for (ix, volume) in [
        0.1 + 0.2,
        1e-7,
        9.999_999_999_99e11,
        123_456.789_012_345,
        5e-324,
    ]
    .into_iter()
    .enumerate()
    {
        let mut call = Call::new(
            project.modules[ix].id.clone(),
            project.modules[(ix + 1) % names.len()].id.clone(),
        );
        call.volume = volume;
        project.calls.push(call);
    }
    let mut split = Split::new(r#"split "one" \ {x}"#, SplitOrigin::Manual);
    split.id = "s1".into();
    split.services = vec![Service::new("a", r#"service "a""#)];
    for module in &project.modules {
        split.assignment.insert(module.id.clone(), "a".into());
    }
    project.splits.push(split);

    for (kind, db, url) in databases().await {
        let owner = someone(&db, "Owner").await;
        let id = db.create_project(&owner, project.clone()).await.unwrap();
        let stored = db.snapshot_from_rows(&id).await.unwrap();
        assert_eq!(stored.project.modules, project.modules, "{kind}");
        assert_eq!(stored.project.calls, project.calls, "{kind}");
        assert_eq!(
            stored.project.splits[0].assignment, project.splits[0].assignment,
            "{kind}"
        );
        assert_eq!(*db.snapshot(&id).await.unwrap(), stored, "{kind}");

        assert_eq!(rows_of(&url, "assignments", &id).await, 5, "{kind}");
        db.apply_edit(
            &id,
            &owner,
            stored.revision,
            &Edit::DeleteSplit { split: "s1".into() },
        )
        .await
        .unwrap();
        assert_eq!(
            rows_of(&url, "assignments", &id).await,
            0,
            "{kind}: a deleted split's assignments go with it"
        );

        db.delete_project(&id).await.unwrap();
        db.execute_admin(&format!(
            "UPDATE projects SET deleted_at = 1 WHERE id = '{id}'"
        ))
        .await
        .unwrap();
        assert_eq!(db.purge_deleted_projects().await.unwrap(), 1, "{kind}");
        for table in ["modules", "calls", "assignments"] {
            assert_eq!(
                rows_of(&url, table, &id).await,
                0,
                "{kind}: a purged project's {table} go with it"
            );
        }
    }
}
