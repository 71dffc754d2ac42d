"""A person at Horizon: headless Debian Chromium driven by selenium.

    page = Browser(...).login(account)
    page.visit('/project/resource_locks/')   raises HorizonPageError if
                                             Horizon shows an error
    page.open_modal('shares_locks__row_<id>__action_edit_lock')
    page.submit_modal({'id_lock_reason': 'new'})
    page.shot('edited')                      a PNG in the artefacts folder

Every visit, login and form submission is checked the same way:
no Horizon error page (500, 404, 403, back at the login form), no red
alert (`.alert-danger`, "Error: ..."), no "Unable to ..." text. The
error names the API calls that failed meanwhile, from the service's log.
"""
import contextlib
import os
import re
import time

from selenium.common import exceptions as selenium_exc
from selenium import webdriver
from selenium.webdriver.chrome import service as chrome_service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support import ui

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
# A new empty profile per person; without the background-networking flags
# Chromium keeps dialling Google's hosts, which a closed network refuses.
CHROMIUM_FLAGS = ('--headless', '--no-sandbox', '--disable-gpu',
                  '--disable-quic', '--no-first-run',
                  '--disable-background-networking',
                  '--disable-component-update', '--disable-sync',
                  '--window-size=1280,800')
WAIT = 60
ERROR_TITLES = ('Server error', 'Page Not Found', 'Unauthorized',
                'Forbidden')
API_FAILURE = re.compile(r'"(\w+ [^"]+)" ([45]\d\d) ')


class HorizonPageError(AssertionError):
    """Horizon showed an error page or an error message."""


class EndpointMissing(HorizonPageError):
    """... and meanwhile the share service answered 404 to a call: a route
    it does not have yet (panels marked xfail expect exactly this)."""


def missing_browser():
    """Why the browser cannot run here, or None."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER)
               if not os.access(path, os.X_OK)]
    if missing:
        return ('%s not found: apt-get install chromium chromium-driver '
                '(.ci/run does)' % ' and '.join(missing))
    return None


def start_chromium(user_data_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + ('--user-data-dir=' + user_data_dir,):
        options.add_argument(flag)
    return webdriver.Chrome(
        options=options,
        service=chrome_service.Service(executable_path=CHROMEDRIVER))


class Browser:
    """One person's Chromium, logged in to Horizon at `base_url`.

    api_log: the share service's request log, read for the failed calls
    an error message names; shots: the folder screenshots go to.
    """

    def __init__(self, driver, base_url, api_log, shots, person):
        self.driver = driver
        self.base_url = base_url
        self.api_log = api_log
        self.shots = shots
        self.person = person

    def login(self, account, landing='/project/resource_locks/'):
        self.driver.get('%s/auth/login/?next=%s' % (self.base_url, landing))
        self.driver.find_element(By.ID, 'id_username').send_keys(
            account.name)
        self.driver.find_element(By.ID, 'id_password').send_keys(
            account.password)
        with self._checked('login as %s' % account.name):
            self._leave_page(lambda: self.driver.find_element(
                By.ID, 'loginBtn').click())
        return self

    def visit(self, path):
        with self._checked(path):
            self.driver.get(self.base_url + path)
        return self

    def shot(self, label):
        """Save a screenshot as <person>-<label>.png; return its path."""
        path = os.path.join(self.shots, '%s-%s.png' % (self.person, label))
        self.driver.save_screenshot(path)
        return path

    def element(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def table_rows(self, table):
        """{object id: [cell texts]} of a Horizon table (its Meta.name),
        hidden tabs included; no checkbox or action cells."""
        rows = self.driver.find_elements(
            By.CSS_SELECTOR, 'table#%s tbody tr[data-object-id]' % table)
        cells = 'td:not(.multi_select_column):not(.actions_column)'
        return {row.get_attribute('data-object-id'): [
            ' '.join(cell.get_attribute('textContent').split())
            for cell in row.find_elements(By.CSS_SELECTOR, cells)]
            for row in rows}

    def open_modal(self, link_id):
        """Click an ajax-modal link; wait for its form."""
        self.element(link_id).click()
        ui.WebDriverWait(self.driver, WAIT).until(
            ec.visibility_of_element_located(
                (By.CSS_SELECTOR, '#modal_wrapper .modal form')))

    def submit_modal(self, fields, label='form'):
        """Fill a modal form ({element id: value}; a <select> takes the
        option's value), submit it, wait for the page it leads to."""
        for element_id, value in fields.items():
            field = self.element(element_id)
            if field.tag_name == 'select':
                ui.Select(field).select_by_value(value)
            else:
                field.clear()
                field.send_keys(value)
        self.shot(label)
        with self._checked('submit %s' % label):
            self._leave_page(lambda: self.driver.find_element(
                By.CSS_SELECTOR,
                '#modal_wrapper .modal-footer [type=submit]').click())

    def row_action(self, table, row_id, action, refused=False):
        """Click a row's action, opening the row's menu when it sits
        there, and confirm it. refused=True: the action is meant to fail;
        return the errors the page then shows instead of raising."""
        button = self.element(
            '%s__row_%s__action_%s' % (table, row_id, action))
        if not button.is_displayed():
            self.driver.find_element(
                By.CSS_SELECTOR, 'tr[data-object-id="%s"] .dropdown-toggle'
                % row_id).click()

        def click_and_confirm():
            button.click()
            ui.WebDriverWait(self.driver, WAIT).until(
                ec.element_to_be_clickable((
                    By.CSS_SELECTOR,
                    '#modal_wrapper .modal-footer a.btn:not(.cancel)'))
            ).click()

        if refused:
            self._leave_page(click_and_confirm)
            return self.errors()
        with self._checked('%s %s' % (action, row_id)):
            self._leave_page(click_and_confirm)

    def errors(self):
        """What a person would read as 'this went wrong', on this page."""
        found = []
        title = self.driver.title
        if title.startswith(ERROR_TITLES):
            found.append('error page: %s' % title)
        if '/auth/login' in self.driver.current_url:
            found.append('sent back to the login form')
        for alert in self.driver.find_elements(By.CSS_SELECTOR,
                                               '.alert-danger'):
            found.append(' '.join(alert.get_attribute('textContent').split()))
        body = self.driver.find_element(By.TAG_NAME, 'body').text
        found.extend(line for line in body.splitlines()
                     if line.startswith('Unable to') and line not in found)
        return found

    def _leave_page(self, action):
        """Run action, which navigates; wait for the next page to load."""
        old_page = self.driver.find_element(By.TAG_NAME, 'html')
        action()
        wait = ui.WebDriverWait(self.driver, WAIT)
        wait.until(_gone(old_page))
        wait.until(lambda d: d.execute_script(
            'return document.readyState') == 'complete')

    @contextlib.contextmanager
    def _checked(self, what):
        """Around one step: raise HorizonPageError if the page it ends on
        shows an error (a WebDriverException too, if it does)."""
        log_offset = os.path.getsize(self.api_log)
        try:
            yield
        except selenium_exc.WebDriverException:
            self._raise_page_errors(what, log_offset)
            raise
        self._raise_page_errors(what, log_offset)

    def _raise_page_errors(self, what, log_offset):
        """Name the errors and the API calls that failed since
        log_offset of the service's log; keep a screenshot."""
        errors = self.errors()
        if not errors:
            return
        time.sleep(0.2)   # the service logs a request as it answers it
        with open(self.api_log) as log:
            log.seek(log_offset)
            failed = API_FAILURE.findall(log.read())
        error = EndpointMissing if any(
            status == '404' for _, status in failed) else HorizonPageError
        raise error(
            '%s as %s: %s\nfailed API calls meanwhile: %s\nscreenshot: %s'
            % (what, self.person, '; '.join(errors),
               ', '.join('%s -> %s' % each for each in failed) or 'none',
               self.shot('error-' + _slug(what))))


def _slug(text):
    return re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')[:60]


def _gone(element):
    """ec.staleness_of, and Chromium's other answer for it: while the next
    page replaces the document it may say "Node with given id does not
    belong to the document" instead of "stale element reference"."""
    def check(driver):
        try:
            element.is_enabled()
        except selenium_exc.StaleElementReferenceException:
            return True
        except selenium_exc.WebDriverException as error:
            if 'does not belong to the document' in str(error):
                return True
            raise
        return False
    return check
