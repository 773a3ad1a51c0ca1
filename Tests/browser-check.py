#!/usr/bin/env python3
"""Drives a real browser through a recognition officer's visit to their node.

`python3 Tests/browser-check.py --url https://127.0.0.1:PORT --token TOKEN --spki PIN --tampered FILE`
starts headless Chromium (Debian's `chromium` and `chromium-driver`, through Selenium; nothing is
downloaded), trusting the node's certificate by its SPKI hash only, and:

1. signs in with the token;
2. searches "brewing" and opens the Maynooth micro-credential;
3. sees EQF 7 and "at the level of MECES 3 qualifications", and the checks passing;
4. saves the recognition report and sees the saved report;
5. uploads FILE, a tampered record, and sees a failing check with its reason.

Prints one line per step. Exit status 0 when every step passed, 1 on the first failure (with the
page's text), 2 when Selenium is missing.
"""

import argparse
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("missing Python package: selenium (pip install selenium)")
    sys.exit(2)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--spki", required=True, help="base64 SHA-256 of the node's certificate's public key")
    parser.add_argument("--tampered", required=True)
    parser.add_argument("--screenshot")
    arguments = parser.parse_args()

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-GB",
                 f"--ignore-certificate-errors-spki-list={arguments.spki}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 15)
    step = "starting"

    def field(label: str):
        """The control a visible label names, as a person finds it."""
        element = driver.find_element(By.XPATH, f"//label[normalize-space()='{label}']")
        return driver.find_element(By.ID, element.get_attribute("for"))

    def passed(what: str) -> None:
        print(f"ok    {what}")

    try:
        step = "sign in"
        driver.get(arguments.url + "/")
        wait.until(conditions.url_contains("/sign-in"))
        field("Token").send_keys(arguments.token)
        field("Token").submit()
        wait.until(conditions.url_contains("/search"))
        passed("signed in with the token and landed on the search page")

        step = "search"
        field("Search").send_keys("brewing")
        field("Search").submit()
        link = wait.until(conditions.element_to_be_clickable((By.PARTIAL_LINK_TEXT, "Brewing")))
        passed("searched 'brewing' and found the Maynooth micro-credential")

        step = "credential page"
        link.click()
        statement = wait.until(conditions.presence_of_element_located((By.ID, "level-statement")))
        text = driver.find_element(By.TAG_NAME, "body").text
        assert "at the level of MECES 3 qualifications" in statement.text, statement.text
        assert "EQF 7" in text, "EQF 7 is not on the page"
        failing = driver.find_elements(By.CSS_SELECTOR, "[data-outcome='fail']")
        assert not failing, "a check fails: " + failing[0].text
        assert driver.find_elements(By.CSS_SELECTOR, "[data-outcome='pass']"), "no check passes"
        passed("the credential page shows EQF 7, 'at the level of MECES 3 qualifications', checks passing")

        step = "save report"
        driver.find_element(By.XPATH, "//button[normalize-space()='Save report']").click()
        wait.until(conditions.url_contains("/reports/"))
        assert "MECES" in driver.find_element(By.TAG_NAME, "body").text
        passed("saved the recognition report and opened it")

        step = "upload a tampered file"
        driver.get(arguments.url + "/verify")
        upload = driver.find_element(By.CSS_SELECTOR, "input[type='file']")
        upload.send_keys(arguments.tampered)
        upload.submit()
        row = wait.until(conditions.presence_of_element_located((By.CSS_SELECTOR, "[data-outcome='fail']")))
        assert row.text.strip(), "the failing check gives no reason"
        passed(f"the tampered file shows a failing check: {' '.join(row.text.split())[:160]}")
        if arguments.screenshot:
            driver.save_screenshot(arguments.screenshot)
        return 0
    except Exception as error:  # noqa: BLE001 - every failure is reported with the page it happened on
        print(f"FAIL  {step}: {error}")
        print("page: " + driver.current_url)
        print(driver.find_element(By.TAG_NAME, "body").text[:2000])
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
