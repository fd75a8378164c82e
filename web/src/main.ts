import { createApp } from 'vue';
import { createPinia } from 'pinia';
// Element Plus' variables and base first; each component's stylesheet comes with the chunk that uses it
// (web/build/element-plus-on-demand.ts), and main.css overrides the variables
import 'element-plus/es/components/base/style/css';
import App from './App.vue';
import { i18n, currentLocale, loadInitialLocale } from './shared/i18n';
import { router } from './router';
import { setUnauthorizedHandler } from './shared/api/http';
import { useSessionStore } from './shared/stores/session';
import './shared/styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

// A 401 on any call means the session ended (expired, logged out elsewhere): back to login,
// keeping the page the user was on.
setUnauthorizedHandler(() => {
  const session = useSessionStore(pinia);
  session.clear();
  const current = router.currentRoute.value;
  if (current.name !== 'login' && current.matched.some((r) => r.meta.requiresAuth)) {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } });
  }
});

// English (when it is the saved choice) is fetched before the first render
void loadInitialLocale().then(() => {
  document.documentElement.lang = currentLocale();
  app.mount('#app');
});
