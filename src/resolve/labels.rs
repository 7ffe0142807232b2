//! Human labels of the closed vocabularies, in the page's language (the
//! `status`, `participation`, `stage`, `objective` and `brief_style`
//! sections of the interface strings).

use crate::i18n::Lang;
use crate::model::{BriefStyle, CreatorStatus, Objective, ParticipationStatus, Stage};

/// Label of a creator's relationship status.
pub fn status_label(lang: &Lang, s: CreatorStatus) -> String {
    lang.t(&format!("status.{}", s.as_str())).to_string()
}

/// Label of a creator's place in one campaign: `in-production` → `In production`.
pub fn participation_status(lang: &Lang, s: ParticipationStatus) -> String {
    lang.t(&format!("participation.{}", s.as_str())).to_string()
}

/// Human label of a workflow stage.
pub fn stage_label(lang: &Lang, s: Stage) -> String {
    lang.t(&format!("stage.{}", s.as_str())).to_string()
}

/// Label of a campaign objective.
pub fn objective_label(lang: &Lang, o: Objective) -> String {
    lang.t(&format!("objective.{}", o.as_str())).to_string()
}

/// Label of a brief style.
pub fn brief_style_label(lang: &Lang, b: BriefStyle) -> String {
    lang.t(&format!("brief_style.{}", b.as_str())).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value of every vocabulary has an English label.
    #[test]
    fn every_value_has_a_label() {
        let en = Lang::english(crate::render::theme::builtin_files());
        for s in CreatorStatus::ALL {
            assert!(!status_label(&en, *s).contains('.'), "{s:?}");
        }
        for s in ParticipationStatus::ALL {
            assert!(!participation_status(&en, *s).contains('.'), "{s:?}");
        }
        for s in Stage::ALL {
            assert!(!stage_label(&en, *s).contains('.'), "{s:?}");
        }
        for o in Objective::ALL {
            assert!(!objective_label(&en, *o).contains('.'), "{o:?}");
        }
    }
}
