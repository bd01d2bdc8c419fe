//! The titles of every lab whose checks ran: its level, title and exercises as the lab file
//! gave them at the last check. A report lists the built-in labs from their files, but an
//! instructor's own lab may be gone from the disk, or opened from another folder, when the
//! report is made; its exercises are still named as the student saw them.

use rusqlite::{params, Connection, OptionalExtension};

use super::error::StoreError;
use super::migrate::Migration;
use super::report::{ExerciseOutline, LabOutline};
use super::time::UnixMillis;
use crate::lab::Text;

pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 2,
    sql: "CREATE TABLE lab_outlines (
        lab TEXT PRIMARY KEY NOT NULL,
        level INTEGER CHECK (level BETWEEN 0 AND 255),
        title_es TEXT NOT NULL,
        title_en TEXT NOT NULL,
        saved_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE outline_exercises (
        lab TEXT NOT NULL REFERENCES lab_outlines (lab) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        exercise TEXT NOT NULL,
        title_es TEXT NOT NULL,
        title_en TEXT NOT NULL,
        PRIMARY KEY (lab, exercise)
    ) WITHOUT ROWID;",
}];

/// The `lab_outlines` table and its exercises.
#[derive(Debug)]
pub struct Outlines<'c> {
    conn: &'c Connection,
}

impl<'c> Outlines<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Outlines { conn }
    }

    /// Keeps `outline` as the lab's titles, replacing what an earlier check kept, in one
    /// transaction: a lab's exercises are never half from one version of its file.
    pub fn save(&self, outline: &LabOutline, at: UnixMillis) -> Result<(), StoreError> {
        let tx = rusqlite::Transaction::new_unchecked(self.conn, rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO lab_outlines (lab, level, title_es, title_en, saved_ms) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (lab) DO UPDATE SET level = excluded.level, title_es = excluded.title_es,
                 title_en = excluded.title_en, saved_ms = excluded.saved_ms",
            params![outline.id, outline.level, outline.title.es, outline.title.en, at.0],
        )?;
        tx.execute("DELETE FROM outline_exercises WHERE lab = ?1", [&outline.id])?;
        {
            let mut insert = tx.prepare("INSERT OR IGNORE INTO outline_exercises (lab, position, exercise, title_es, title_en) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (position, e) in outline.exercises.iter().enumerate() {
                insert.execute(params![outline.id, i64::try_from(position).unwrap_or(i64::MAX), e.id, e.title.es, e.title.en])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The titles kept for `lab`, if its checks ever ran.
    pub fn get(&self, lab: &str) -> Result<Option<LabOutline>, StoreError> {
        if !self.kept()? {
            return Ok(None);
        }
        let head = self
            .conn
            .query_row("SELECT level, title_es, title_en FROM lab_outlines WHERE lab = ?1", [lab], |r| {
                Ok((r.get::<_, Option<u8>>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .optional()?;
        let Some((level, es, en)) = head else { return Ok(None) };
        let mut stmt = self.conn.prepare("SELECT exercise, title_es, title_en FROM outline_exercises WHERE lab = ?1 ORDER BY position")?;
        let exercises = stmt
            .query_map([lab], |r| Ok(ExerciseOutline { id: r.get(0)?, title: Text::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?) }))?
            .collect::<Result<_, _>>()?;
        Ok(Some(LabOutline { id: lab.to_string(), level, title: Text::new(es, en), exercises }))
    }

    /// Every lab's kept titles, by id.
    pub fn all(&self) -> Result<Vec<LabOutline>, StoreError> {
        if !self.kept()? {
            return Ok(Vec::new());
        }
        let labs: Vec<String> = {
            let mut stmt = self.conn.prepare("SELECT lab FROM lab_outlines ORDER BY lab")?;
            stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        labs.iter().filter_map(|lab| self.get(lab).transpose()).collect()
    }

    /// Whether the file has the table: a file an older Nivel wrote, opened read-only, does
    /// not, and reads as keeping no titles.
    fn kept(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'lab_outlines'", [], |r| r.get::<_, i64>(0))? > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Store;

    fn outline(title: &str, exercises: &[(&str, &str)]) -> LabOutline {
        LabOutline {
            id: "mi-lab".into(),
            level: None,
            title: Text::new(format!("{title} (es)"), title),
            exercises: exercises.iter().map(|(id, t)| ExerciseOutline { id: (*id).into(), title: Text::new(format!("{t} (es)"), *t) }).collect(),
        }
    }

    #[test]
    fn titles_are_kept_in_the_labs_order() {
        let store = Store::open_in_memory().unwrap();
        let kept = outline("My lab", &[("zeta", "Last first"), ("alpha", "Then this")]);
        store.outlines().save(&kept, UnixMillis(1)).unwrap();
        assert_eq!(store.outlines().get("mi-lab").unwrap(), Some(kept.clone()), "read back as saved, in the lab's order");
        assert_eq!(store.outlines().all().unwrap(), [kept], "listed");
        assert_eq!(store.outlines().get("otro").unwrap(), None, "an unknown lab has none");
    }

    #[test]
    fn a_later_check_replaces_the_titles() {
        let store = Store::open_in_memory().unwrap();
        store.outlines().save(&outline("Old", &[("a", "A"), ("gone", "Gone")]), UnixMillis(1)).unwrap();
        let newer = LabOutline { level: Some(3), ..outline("New", &[("a", "A renamed")]) };
        store.outlines().save(&newer, UnixMillis(2)).unwrap();
        assert_eq!(store.outlines().get("mi-lab").unwrap(), Some(newer), "the newer file's titles only, nothing left of the old");
    }
}
