import { request, paths } from './api.js';
import { $, el, showProblem } from './ui.js';

/** Only a dashboard path of this origin: never an open redirect to another site. */
function next() {
  const target = new URLSearchParams(location.search).get('next') || '';
  return /^\/dashboard\/[^/\\]/.test(target) || target === '/dashboard/' ? target : '/dashboard/';
}

async function main() {
  try {
    const me = (await request('GET', paths.me, { signInOn401: false })).data;
    const note = $('#signed-in');
    note.replaceChildren(`You are signed in as ${me.name}. `, el('a', { href: next() }, 'Continue'),
      ' or sign in as someone else.');
    note.hidden = false;
  } catch {
    // Not signed in: the form is what this page is for.
  }
  $('#signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#signin-button');
    button.disabled = true;
    try {
      await request('POST', paths.session, { form: new FormData(event.target), signInOn401: false });
      location.assign(next());
    } catch (e) {
      showProblem(e, 'Sign-in failed', 'signin');
      $('#password').select();
    } finally {
      button.disabled = false;
    }
  });
}

main();
