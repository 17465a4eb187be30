//! The installer's RAM user: choose to create or select, the create form (validated as you
//! type), and the user list (loaded page by page, filtered as you type, details loaded lazily).

use super::input::Edit;
use super::*;
use crate::cloud::model::User;
use crate::strings;

/// The new user's Comments until changed, in the language of the screens (stored in the
/// account as typed, as the console does).
pub fn comments_default() -> &'static str {
    crate::strings::USER_COMMENTS_DEFAULT()
}

/// What is wrong with a user name, in plain words (`None` when it is valid).
pub fn user_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some(strings::USER_NAME_EMPTY())
    } else if name.chars().count() > 64 {
        Some(strings::USER_NAME_LONG())
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        Some(strings::USER_NAME_CHARS())
    } else {
        None
    }
}

/// Whether a user name has the shape of the users ccoctl makes for a cluster's components:
/// `<name>-<namespace>-<secret>`, where every namespace of Alibaba's CredentialsRequests starts
/// with `openshift-` (okd-ccoctl.md §4, §4's table of components).
pub fn looks_like_component_user(name: &str) -> bool {
    name.contains("-openshift-")
}

/// Whether a listed user is one of ccoctl's: its comments carry ccoctl's tag (how
/// `delete-ram-users` finds them), or its name has their shape.
pub fn is_component_user(u: &User) -> bool {
    u.comments
        .as_deref()
        .is_some_and(|c| c.starts_with("openshift.io/ccoctl/"))
        || looks_like_component_user(&u.user_name)
}

pub fn display_name_problem(name: &str) -> Option<&'static str> {
    match name.chars().count() {
        0 => Some(strings::DISPLAY_NAME_EMPTY()),
        n if n > 128 => Some(strings::DISPLAY_NAME_LONG()),
        _ => None,
    }
}

pub fn comments_problem(c: &str) -> Option<&'static str> {
    (c.chars().count() > 128).then_some(strings::COMMENTS_LONG())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUserForm {
    pub fields: [TextField; 3],
    pub focus: usize,
    /// Whether the display name was typed (else it follows the user name).
    pub display_touched: bool,
    pub error: Option<String>,
    /// The name the cloud said already exists: Enter then selects that user instead.
    pub exists: Option<String>,
    /// The user was created by this run (for the report).
    pub created: bool,
}

impl Default for NewUserForm {
    fn default() -> Self {
        let comments = TextField {
            value: comments_default().to_owned(),
        };
        Self {
            fields: [TextField::default(), TextField::default(), comments],
            focus: 0,
            display_touched: false,
            error: None,
            exists: None,
            created: false,
        }
    }
}

impl NewUserForm {
    pub fn name(&self) -> &str {
        self.fields[0].value.trim()
    }
    /// The first problem of the form, if any.
    pub fn problem(&self) -> Option<&'static str> {
        user_name_problem(self.name())
            .or_else(|| display_name_problem(self.fields[1].value.trim()))
            .or_else(|| comments_problem(self.fields[2].value.trim()))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserList {
    pub users: Vec<User>,
    pub loaded: bool,
    pub filter: TextField,
    /// Index into the filtered list.
    pub selected: usize,
    pub details: Vec<UserDetails>,
    pub error: Option<String>,
}

/// Whether `hay` contains `needle_lower` (already lower-case), ignoring case. ASCII text (every
/// RAM user name) is compared in place, without an allocation per user.
fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    if hay.is_ascii() && needle_lower.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
        n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle_lower)
    }
}

impl UserList {
    /// The users whose name or display name contains the filter (case-insensitive).
    pub fn filtered(&self) -> Vec<&User> {
        self.matching().collect()
    }

    fn matching(&self) -> impl Iterator<Item = &User> {
        let f = self.filter.value.to_lowercase();
        self.users.iter().filter(move |u| {
            f.is_empty() || contains_ci(&u.user_name, &f) || contains_ci(&u.display_name, &f)
        })
    }

    pub fn highlighted(&self) -> Option<&User> {
        self.matching().nth(self.selected)
    }

    pub fn details_of(&self, name: &str) -> Option<&UserDetails> {
        self.details.iter().find(|d| d.user == name)
    }
}

/// Create a new user or select an existing one.
pub(super) fn on_choice(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    Some(match intent {
        Intent::MoveSelection(_) => {
            w.user_choice = 1 - w.user_choice.min(1);
            Vec::new()
        }
        Intent::CreateUser => {
            w.user_choice = 0;
            w.screen = Screen::CreateUser;
            Vec::new()
        }
        Intent::SelectUser => {
            w.user_choice = 1;
            open_list(w, None)
        }
        Intent::Back => {
            w.screen = Screen::Identity;
            Vec::new()
        }
        _ => return None,
    })
}

/// Shows the user list, loading it if needed, optionally filtered to `name`.
pub(super) fn open_list(w: &mut Wizard, name: Option<&str>) -> Vec<Command> {
    w.screen = Screen::SelectUser;
    if let Some(n) = name {
        w.users.filter.value = n.to_owned();
        w.users.selected = 0;
    }
    let mut cmds = Vec::new();
    if !w.users.loaded && w.job_of(JobKind::ListUsers).is_none() {
        w.users.users.clear();
        w.users.error = None;
        let job = w.start_job(JobKind::ListUsers);
        cmds.push(Command::ListUsers { job });
    }
    cmds.extend(want_details(w));
    cmds
}

/// Asks for the highlighted user's details when they are not known and none are loading.
pub(super) fn want_details(w: &mut Wizard) -> Vec<Command> {
    if w.screen != Screen::SelectUser || w.job_of(JobKind::UserDetails).is_some() {
        return Vec::new();
    }
    let Some(name) = w.users.highlighted().map(|u| u.user_name.clone()) else {
        return Vec::new();
    };
    if w.users.details_of(&name).is_some() {
        return Vec::new();
    }
    let job = w.start_job(JobKind::UserDetails);
    vec![Command::LoadUserDetails {
        job,
        user: name,
        credentials_file: w.dest.file_path(),
    }]
}

/// The field of the create form a `Fill` is for.
fn form_index(f: Field) -> Option<usize> {
    match f {
        Field::UserName => Some(0),
        Field::DisplayName => Some(1),
        Field::Comments => Some(2),
        _ => None,
    }
}

/// The create form: name, display name, comments; Continue creates the user (or, when the
/// name exists, selects that user instead).
pub(super) fn on_create(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let f = &mut w.new_user;
    match &intent {
        Intent::Back => w.screen = Screen::UserChoice,
        Intent::NextField => f.focus = (f.focus + 1) % 3,
        Intent::PrevField => f.focus = (f.focus + 2) % 3,
        // Cleared like any edit: the display name follows, the old warning goes.
        Intent::ClearField => {
            f.fields[f.focus].clear();
            edited(f);
        }
        Intent::Continue => return Some(submit_new_user(w)),
        other => {
            let edit = Edit::of(other)?;
            if let Intent::Fill(field, _) = other {
                f.focus = form_index(*field)?;
            }
            f.fields[f.focus].apply(edit);
            edited(f);
        }
    }
    Some(Vec::new())
}

pub(super) fn paste_into_form(w: &mut Wizard, text: &str) {
    let f = &mut w.new_user;
    f.fields[f.focus].paste(text);
    edited(f);
}

fn edited(f: &mut NewUserForm) {
    if f.focus == 1 {
        f.display_touched = true;
    }
    if f.focus == 0 && !f.display_touched {
        f.fields[1].value = f.fields[0].value.clone();
    }
    f.error = None;
    if f.exists.as_deref() != Some(f.name()) {
        f.exists = None;
    }
}

fn submit_new_user(w: &mut Wizard) -> Vec<Command> {
    if w.job_of(JobKind::CreateUser).is_some() {
        return Vec::new();
    }
    if let Some(name) = w.new_user.exists.clone() {
        return open_list(w, Some(&name));
    }
    if let Some(p) = w.new_user.problem() {
        w.new_user.error = Some(p.to_owned());
        return Vec::new();
    }
    let f = &w.new_user;
    let cmd = (
        f.name().to_owned(),
        f.fields[1].value.trim().to_owned(),
        f.fields[2].value.trim().to_owned(),
    );
    let job = w.start_job(JobKind::CreateUser);
    vec![Command::CreateUser {
        job,
        name: cmd.0,
        display_name: cmd.1,
        comments: cmd.2,
    }]
}

pub(super) fn on_user_created(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::UserCreated(user)) => {
            w.users.loaded = false; // the list changed
            w.new_user.created = true;
            choose_user(w, user)
        }
        Outcome::Failed(r) if r.code.as_deref() == Some("EntityAlreadyExists.User") => {
            w.new_user.exists = Some(w.new_user.name().to_owned());
            w.new_user.error = Some(strings::USER_EXISTS_OFFER().to_owned());
            Vec::new()
        }
        Outcome::Failed(r) => {
            w.new_user.error = Some(format!("{} {} ({})", r.hint.what, r.hint.todo, r.detail));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The user list: filter as you type, move, choose.
pub(super) fn on_list(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let n = w.users.filtered().len();
    let u = &mut w.users;
    match intent {
        Intent::Back => {
            w.screen = Screen::UserChoice;
            return Some(Vec::new());
        }
        Intent::MoveSelection(d) if d < 0 => {
            u.selected = u.selected.saturating_sub(d.unsigned_abs() as usize)
        }
        Intent::MoveSelection(d) => u.selected = (u.selected + d as usize).min(n.saturating_sub(1)),
        // '/' starts a new filter (RAM user names never hold one), as in less and vim.
        Intent::Filter(text) => {
            u.filter.value = text;
            u.selected = 0;
        }
        Intent::Type(Typed(c)) => {
            u.filter.push(c);
            u.selected = 0;
        }
        Intent::Erase => {
            u.filter.backspace();
            u.selected = 0;
        }
        Intent::ChooseUser(name) => {
            let found = u.users.iter().find(|x| x.user_name == name).cloned();
            if let Some(user) = found {
                return Some(choose_user(w, user));
            }
        }
        _ => return None,
    }
    Some(want_details(w))
}

pub(super) fn on_users_page(w: &mut Wizard, page: Vec<User>) {
    w.users.users.extend(page);
}

pub(super) fn on_users_loaded(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(_) => w.users.loaded = true,
        Outcome::Failed(r) => w.users.error = Some(format!("{} {}", r.hint.what, r.detail)),
        Outcome::Cancelled => {}
    }
    want_details(w)
}

pub(super) fn on_details(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    if let Outcome::Done(JobOutput::UserDetails(d)) = outcome {
        w.users.details.retain(|x| x.user != d.user);
        if w.chosen_user
            .as_ref()
            .is_some_and(|u| u.user_name == d.user)
        {
            w.keys.selected = w.keys.selected.min(d.keys.len().saturating_sub(1));
            w.keys.details = Some(d.clone());
        }
        w.users.details.push(d);
    }
    want_details(w)
}

/// The installer's user is chosen: on to the destination of its key.
fn choose_user(w: &mut Wizard, user: User) -> Vec<Command> {
    w.chosen_user = Some(user);
    w.keys = Default::default();
    if super::recover::active(w) {
        return super::recover::open_keys(w);
    }
    super::dest::open_destination(w)
}
