import { mount } from 'svelte';
import App from './App.svelte';
import { prefetch } from './lib/prefetch';
import { parseHash } from './lib/router.svelte';
import './styles/app.css';

// The app opens on the dashboard as of today: ask for it before mounting (see prefetch.ts).
if (parseHash(location.hash).name === 'dashboard') prefetch('dashboard', { asOfDate: null });

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
export default mount(App, { target });
