using System.Text;
using System.Text.RegularExpressions;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// README is a front door of at most 250 lines, and every relative link of README and docs/ leads somewhere: to a file
/// or folder of the repository and, with an anchor, to a heading of that file as GitHub names it.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private const int MaxReadmeLines = 250;

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var path in Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/'));
        }
        return pages;
    }

    [Fact]
    public void Readme_has_at_most_250_lines()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("README.md")).Length;

        Assert.True(lines <= MaxReadmeLines, $"README.md has {lines} lines; move detail to docs/ (at most {MaxReadmeLines}).");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_of_the_page_resolves(string page)
    {
        var source = RepositoryFiles.PathOf(page.Split('/'));
        var broken = new List<string>();

        foreach (var target in LinksOf(File.ReadAllLines(source)))
        {
            if (IsExternal(target)) continue;

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var file = path.Length == 0 ? source : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, path));

            if (!File.Exists(file) && !Directory.Exists(file))
            {
                broken.Add($"{target}: no file {Path.GetRelativePath(RepositoryFiles.Root, file)}");
            }
            else if (anchor is not null && (!File.Exists(file) || !AnchorsOf(File.ReadAllLines(file)).Contains(anchor)))
            {
                broken.Add($"{target}: no heading with the anchor #{anchor}");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has links that lead nowhere:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("Quick start", "quick-start")]
    [InlineData("Where it runs: `LocalAws:Mode`", "where-it-runs-localawsmode")]
    [InlineData("Two rate limits, two guarantees", "two-rate-limits-two-guarantees")]
    [InlineData("Delivery through CloudFront (not built)", "delivery-through-cloudfront-not-built")]
    [InlineData("Ingest within a task, beside sharp", "ingest-within-a-task-beside-sharp")]
    [InlineData("`Images:MaxUploadBytes` and multipart_upload", "imagesmaxuploadbytes-and-multipart_upload")]
    public void Anchors_follow_GitHub_slugs(string heading, string anchor) => Assert.Equal(anchor, Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor() =>
        Assert.Equal(["notes", "notes-1", "other"], AnchorsOf(["# Notes", "## Notes", "```", "# not a heading", "```", "### Other"]));

    private static bool IsExternal(string target) =>
        target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Inline link and image targets outside fenced code and inline code spans.</summary>
    private static IEnumerable<string> LinksOf(IEnumerable<string> lines)
    {
        foreach (var line in OutsideFences(lines))
        {
            foreach (Match match in InlineLink().Matches(CodeSpan().Replace(line, "")))
            {
                yield return match.Groups["target"].Value.Trim('<', '>');
            }
        }
    }

    /// <summary>The anchors GitHub gives the headings of a Markdown file, in order, repeated ones numbered.</summary>
    private static List<string> AnchorsOf(IEnumerable<string> lines)
    {
        var anchors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in OutsideFences(lines))
        {
            var heading = Heading().Match(line);
            if (!heading.Success) continue;

            var slug = Slug(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }
        return anchors;
    }

    /// <summary>GitHub's rule: lower case, letters, digits, '-' and '_' kept, spaces become '-', everything else dropped.</summary>
    private static string Slug(string heading)
    {
        var text = InlineLinkText().Replace(heading.Trim(), "${text}");
        var slug = new StringBuilder(text.Length);
        foreach (var character in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(character) || character is '-' or '_') slug.Append(character);
            else if (character == ' ') slug.Append('-');
        }
        return slug.ToString();
    }

    private static IEnumerable<string> OutsideFences(IEnumerable<string> lines)
    {
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (!fenced) yield return line;
        }
    }

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target><[^>]+>|[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLinkText();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
