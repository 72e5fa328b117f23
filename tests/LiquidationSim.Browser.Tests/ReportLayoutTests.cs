using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace LiquidationSim.Browser.Tests;

/// <summary>
/// Issue 19: the generated reports opened in headless Chromium at a desktop width (1,400 px) and a phone width
/// (420 px), checked from the rendered layout: no console error, no chart label overlapping another or leaving its
/// chart (labels drawn inside a plot stay inside that plot), every table column reachable (visible, or brought into
/// view by scrolling its own box), all text at least 10 px, and the page itself never wider than the window. A
/// full-page screenshot of each goes to <c>artifacts/browser/</c> for a human look.
/// </summary>
public sealed class ReportLayoutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Smallest text a reader can be asked to read, in CSS pixels.</summary>
    private const double MinTextPixels = 10;

    /// <summary>Overlap below this many pixels each way is glyph boxes touching, not labels colliding.</summary>
    private const double Tolerance = 1;

    [Theory]
    [InlineData("cascade", 1400)]
    [InlineData("cascade", 420)]
    [InlineData("montecarlo", 1400)]
    [InlineData("montecarlo", 420)]
    public async Task The_report_reads_cleanly(string report, int width)
    {
        string file = report == "cascade" ? browser.CascadeReport : browser.MonteCarloReport;
        await using IBrowserContext context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            DeviceScaleFactor = 1,
        });
        IPage page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add("page error: " + error);
        await page.GotoAsync(new Uri(file).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Artifacts, $"{report}-{width}px.png"), FullPage = true });

        string layout = (await page.EvaluateAsync<JsonElement>(LayoutScript)).GetRawText();
        using JsonDocument result = JsonDocument.Parse(layout);
        JsonElement root = result.RootElement;
        var problems = new List<string>(errors);
        root.GetProperty("svgCount").GetInt32().Should().BeGreaterThan(0, "the report has charts");
        if (root.GetProperty("pageWidth").GetDouble() > width + Tolerance)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the page is {root.GetProperty("pageWidth").GetDouble()} px wide in a {width} px window"));
        }

        foreach (JsonElement p in root.GetProperty("problems").EnumerateArray())
        {
            problems.Add(p.GetString()!);
        }

        // Tables: every header cell brought into view by scrolling its own box (or the page) must then be visible.
        foreach (IElementHandle cell in await page.QuerySelectorAllAsync("table th, table tr:first-child td"))
        {
            await cell.ScrollIntoViewIfNeededAsync();
            string? visible = await cell.EvaluateAsync<string?>(CellVisibleScript);
            if (visible is not null)
            {
                problems.Add(visible);
            }
        }

        problems.Should().BeEmpty(
            $"the {report} report at {width} px reads cleanly (screenshot: artifacts/browser/{report}-{width}px.png); {problems.Count} problems:\n  {string.Join("\n  ", problems)}\n");
        root.GetProperty("textCount").GetInt32().Should().BeGreaterThan(50, "the checks saw the report's labels");
    }

    /// <summary>
    /// Collects, from the rendered boxes: SVG labels outside their SVG or (for labels drawn in a plot) outside their plot
    /// frame, pairs of SVG labels that overlap, and any text smaller than <see cref="MinTextPixels"/>.
    /// </summary>
    private const string LayoutScript = """
        () => {
          const tol = 1, minText = 10, problems = [];
          const inside = (a, b) => a.left >= b.left - tol && a.right <= b.right + tol && a.top >= b.top - tol && a.bottom <= b.bottom + tol;
          const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > tol && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tol;
          const name = t => JSON.stringify(t.textContent.trim().slice(0, 40));
          let textCount = 0;
          const svgs = [...document.querySelectorAll('svg')];
          svgs.forEach((svg, s) => {
            const box = svg.getBoundingClientRect();
            const scale = svg.getScreenCTM().a;
            const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim().length > 0);
            const boxes = texts.map(t => t.getBoundingClientRect());
            texts.forEach((t, i) => {
              textCount++;
              const size = parseFloat(getComputedStyle(t).fontSize) * scale;
              if (size < minText) problems.push(`chart ${s}: label ${name(t)} is ${size.toFixed(1)} px`);
              if (!inside(boxes[i], box)) problems.push(`chart ${s}: label ${name(t)} leaves the chart`);
              let plot = null;
              if (t.classList.contains('percentile-label')) plot = svg.querySelector('rect[stroke="#d0d0d0"]');
              if (t.classList.contains('peak-label')) plot = svg.querySelector('#liquidations > rect');
              if (plot && !inside(boxes[i], plot.getBoundingClientRect())) problems.push(`chart ${s}: label ${name(t)} leaves its plot`);
              for (let j = 0; j < i; j++) {
                if (overlap(boxes[i], boxes[j])) problems.push(`chart ${s}: labels ${name(texts[j])} and ${name(t)} overlap`);
              }
            });
          });
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || el.closest('svg') || el.closest('title')) continue;
            textCount++;
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < minText) problems.push(`text ${JSON.stringify(n.textContent.trim().slice(0, 40))} is ${size} px`);
          }
          return { svgCount: svgs.length, textCount, problems, pageWidth: document.documentElement.scrollWidth };
        }
        """;

    /// <summary>Null when the cell is within the window and within every scrolling box around it; otherwise what hides it.</summary>
    private const string CellVisibleScript = """
        cell => {
          const r = cell.getBoundingClientRect();
          const label = JSON.stringify(cell.textContent.trim().slice(0, 40));
          if (r.width <= 0 || r.height <= 0) return `column ${label} has no size`;
          if (r.left < -1 || r.right > window.innerWidth + 1) return `column ${label} lies outside the window (${r.left.toFixed(0)}..${r.right.toFixed(0)})`;
          for (let box = cell.parentElement; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX === 'visible') continue;
            const b = box.getBoundingClientRect();
            if (r.left < b.left - 1 || r.right > b.right + 1) return `column ${label} is cut off by its box and cannot be scrolled to`;
          }
          return null;
        }
        """;
}
