import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';

// User Timing marks for the start-up benchmark's account of where the time goes.
performance.mark('accord:script');
const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
const app = mount(App, { target });
performance.mark('accord:mounted');
export default app;
