import { getJson, paths, request } from './api.js';
import { $ } from './ui.js';

/** The signed-in user ({name, roles, fourEyes}); shows them in the top bar. Sends the browser to sign in on 401. */
export async function currentUser() {
  const me = await getJson(paths.me);
  $('#account-name').textContent = me.name;
  $('#account-name').title = `roles: ${me.roles.join(', ') || 'none'}`;
  $('#account').hidden = false;
  $('#sign-out').addEventListener('click', async () => {
    try {
      await request('DELETE', paths.session, { signInOn401: false });
    } finally {
      location.assign('/dashboard/signin');
    }
  });
  document.body.dataset.user = me.name;
  return me;
}

export function hasRole(me, role) {
  return me.roles.includes(role);
}
