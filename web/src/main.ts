import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n, currentLocale } from './i18n';
import { router } from './router';
import { setUnauthorizedHandler } from './api/http';
import { useSessionStore } from './stores/session';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
app.use(router);

document.documentElement.lang = currentLocale();

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

app.mount('#app');
