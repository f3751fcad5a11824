import { createRoot } from 'react-dom/client';
import { Page } from './components';
import { SayaPage } from './SayaPage';
import './residents.css';

createRoot(document.getElementById('root')!).render(<Page title="sayaTitle"><SayaPage /></Page>);
