// The console's one script, an enhancement: every page works without it.
// - Dates: shown in the browser's time zone and language (the server renders them in the zone
//   this script reports in a cookie; until then, and without the script, in UTC). The UTC time
//   stays in each date's title.
// - Live timeline: an element with data-live is fetched again every 10 s while the page is
//   visible, with a button to pause it and a polite announcement when it changes.

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const root = document.documentElement;

if (zone && root.dataset.tz !== zone) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: a plain, non-HttpOnly preference cookie; the Cookie Store API is not in every browser
  document.cookie = `console-tz=${encodeURIComponent(zone)}; Path=/console; SameSite=Strict; Max-Age=31536000${secure}`;
  localizeDates(document);
}

function localizeDates(scope) {
  const styles = {
    datetime: { dateStyle: 'medium', timeStyle: 'short' },
    date: { dateStyle: 'medium' },
    time: { timeStyle: 'short' },
  };
  for (const time of scope.querySelectorAll('time[datetime][data-style]')) {
    const style = styles[time.dataset.style];
    const date = new Date(time.getAttribute('datetime'));
    if (style && !Number.isNaN(date.getTime())) {
      time.textContent = new Intl.DateTimeFormat(undefined, { ...style, timeZone: zone }).format(date);
    }
  }
}

const live = document.querySelector('[data-live]');
if (live?.id) {
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'secondary';
  toggle.setAttribute('aria-pressed', 'true');
  toggle.textContent = 'Live updates: on';
  let on = true;
  toggle.addEventListener('click', () => {
    on = !on;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = `Live updates: ${on ? 'on' : 'off'}`;
  });
  live.before(toggle, status);

  const refresh = async () => {
    if (!on || document.visibilityState !== 'visible') return;
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      // A redirect (the session ended) or an error: stop, the next navigation shows why.
      if (!response.ok || response.redirected) return stop();
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(live.id);
      if (fresh && fresh.innerHTML !== live.innerHTML) {
        live.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
        localizeDates(live);
        status.textContent = 'The timeline was updated.';
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
  };
  const timer = setInterval(refresh, 10_000);
  const stop = () => {
    clearInterval(timer);
    toggle.remove();
  };
}
