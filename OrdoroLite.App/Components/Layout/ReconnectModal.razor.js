// Set up event handlers
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);

const retryButton = document.getElementById("components-reconnect-button");
retryButton.addEventListener("click", retry);

const resumeButton = document.getElementById("components-resume-button");
resumeButton.addEventListener("click", resume);

function handleReconnectStateChanged(event) {
    if (isIdlePause(event)) {
        return; // An idle pause is not a lost connection: the banner says so, not this dialog.
    }

    if (event.detail.state === "show") {
        reconnectModal.showModal();
    } else if (event.detail.state === "hide") {
        reconnectModal.close();
    } else if (event.detail.state === "failed") {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    } else if (event.detail.state === "rejected") {
        location.reload();
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);

    try {
        // Reconnect will asynchronously return:
        // - true to mean success
        // - false to mean we reached the server, but it rejected the connection (e.g., unknown circuit ID)
        // - exception to mean we didn't reach the server (this can be sync or async)
        const successful = await Blazor.reconnect();
        if (!successful) {
            // We have been able to reach the server, but the circuit is no longer available.
            // We'll reload the page so the user can continue using the app as quickly as possible.
            const resumeSuccessful = await Blazor.resumeCircuit();
            if (!resumeSuccessful) {
                location.reload();
            } else {
                reconnectModal.close();
            }
        }
    } catch (err) {
        // We got an exception, server is currently unavailable
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}

// ---- Idle tabs give their server memory back (docs/performance.md "Idle Orders tabs") ----
// A tab whose page allows it ([data-idle-pause]) and that has had no input for the configured
// time pauses its circuit: the server persists the page's small state (the view is the URL, the
// selection is persisted by the page), hands it to this tab and drops the circuit. The first
// pointer move, touch, key or return to the tab resumes it on a fresh circuit that reloads the
// rows. The input that wakes the tab is not acted on: a click or key during the wake would reach
// a circuit that is not there yet and be lost without a word.
const idleSeconds = Number(reconnectModal.dataset.idlePauseSeconds || "0");
const idleBanner = document.getElementById("idle-paused-banner");
let idleState = "active"; // active | pausing | paused | resuming
let lastInput = Date.now();
let wakeRequested = false;

function idleBlocked() {
    // No pause under an open dialog, menu or popover, nor while a job's progress is on screen, nor
    // while the cursor is in a text box: what is typed or scanned next would wake a page whose new
    // circuit redraws the box empty and without the cursor.
    return document.querySelector("[data-idle-pause]") === null
        || document.querySelector(".mud-overlay, .mud-dialog-container, .mud-popover-open, [data-idle-busy], dialog[open]") !== null
        || document.activeElement?.matches("input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select, [contenteditable]") === true;
}

function showIdle(paused) {
    // A page read to its end (the pager) stays readable above the banner: the room app.css adds
    // below the page while paused is scrolled into view.
    const scroller = document.scrollingElement;
    const atEnd = scroller.scrollTop + window.innerHeight >= scroller.scrollHeight - 2;
    document.documentElement.dataset.circuit = paused ? "paused" : "live";
    idleBanner.hidden = !paused;
    if (paused && atEnd) {
        window.scrollTo(0, scroller.scrollHeight);
    }
}

async function pauseWhenIdle() {
    if (idleState !== "active" || Date.now() - lastInput < idleSeconds * 1000 || idleBlocked()) {
        return;
    }

    idleState = "pausing";
    wakeRequested = false;
    let paused = false;
    try {
        paused = await Blazor.pauseCircuit();
    } catch {
        paused = false;
    }

    idleState = paused ? "paused" : "active";
    showIdle(paused);
    if (paused && wakeRequested) {
        await resumeAfterIdle();
    }
}

async function resumeAfterIdle() {
    idleState = "resuming";
    // The page marks itself ready ([data-idle-ready]) once the new circuit has drawn its rows and
    // selection; until then a tap would reach the paused page's old elements and be lost.
    document.querySelectorAll("[data-idle-ready]").forEach(e => e.removeAttribute("data-idle-ready"));
    let resumed = false;
    try {
        resumed = await Blazor.resumeCircuit();
    } catch {
        resumed = false;
    }

    if (!resumed) {
        // The state is gone (the server restarted, or kept it too long): the view is in the URL.
        location.reload();
        return;
    }

    for (let waited = 0; waited < 10000 && document.querySelector("[data-idle-pause]:not([data-idle-ready])") !== null; waited += 50) {
        await new Promise(resolve => setTimeout(resolve, 50));
    }

    idleState = "active";
    lastInput = Date.now();
    showIdle(false);
}

function onInput(event) {
    lastInput = Date.now();
    if (idleState === "active") {
        return;
    }

    if (event.type === "click" || event.type === "keydown" || event.type === "submit") {
        event.preventDefault();
        event.stopImmediatePropagation();
    }

    if (idleState === "paused") {
        resumeAfterIdle();
    } else if (idleState === "pausing") {
        wakeRequested = true;
    }
}

function isIdlePause(event) {
    return idleState !== "active" && (event.detail.state === "show" || event.detail.state === "paused" || event.detail.state === "hide");
}

if (idleSeconds > 0) {
    for (const type of ["pointermove", "pointerdown", "click", "keydown", "wheel", "touchstart", "submit", "focus"]) {
        window.addEventListener(type, onInput, { capture: true, passive: type !== "click" && type !== "keydown" && type !== "submit" });
    }

    // Back or Forward changes the URL, which only a live circuit turns into the page it names.
    window.addEventListener("popstate", onInput);
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") {
            onInput(new Event("visibilitychange"));
        }
    });
    setInterval(pauseWhenIdle, Math.min(5000, idleSeconds * 500));
    showIdle(false);
}
