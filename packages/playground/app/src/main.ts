/** The playground page: builds the layout and starts the controller. */
import './style.css';
import './run.css';
import { loadSettings } from './config.js';
import { Playground } from './controller.js';
import { buildLayout } from './layout.js';

const root = document.getElementById('app');
if (root !== null) void new Playground(buildLayout(root), loadSettings()).start();
