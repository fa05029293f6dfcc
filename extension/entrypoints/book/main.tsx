import { BookApp } from '../../book/ui/BookApp.tsx';
import { parseRoute } from '../../book/ui/route.ts';
import { prefetchToday } from '../../book/ui/Today.tsx';
import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { boot } from '../../ui/boot.tsx';
import '../../ui/theme.css';
import './style.css';

// Marks on the page's timeline (DevTools, the Book benchmark): how the first paint is spent.
performance.mark('account-lens:book-script');
if (parseRoute(location.hash).view === 'today') prefetchToday(getDb());
void boot(
  () => t('book.title'),
  () => <BookApp db={getDb()} />,
);
