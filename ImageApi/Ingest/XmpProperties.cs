using System.Xml;

namespace CloudImageService.Ingest;

/// <summary>
/// The simple properties of an XMP packet (the XML that PNG, WebP, HEIF and edited JPEGs carry their metadata in), as
/// <c>prefix:Name</c> → text with the usual prefixes of the namespaces capture metadata lives in, whatever prefixes the
/// file declares. Properties appear as attributes of <c>rdf:Description</c> or as elements holding text; both are read.
/// The packet is the uploader's: no DTD, no external entity, a bounded size; anything malformed reads as nothing more.
/// </summary>
public static class XmpProperties
{
    /// <summary>A larger packet is not read: capture metadata takes a few hundred bytes.</summary>
    public const int MaxPacketBytes = 256 * 1024;

    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["http://ns.adobe.com/exif/1.0/"] = "exif",
        ["http://ns.adobe.com/xap/1.0/"] = "xmp",
        ["http://ns.adobe.com/photoshop/1.0/"] = "photoshop",
        ["http://ns.adobe.com/tiff/1.0/"] = "tiff",
        ["http://ns.adobe.com/exif/1.0/aux/"] = "aux",
        ["http://cipa.jp/exif/1.0/"] = "exifEX",
    };

    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> packet)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (packet.IsEmpty || packet.Length > MaxPacketBytes) return properties;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxPacketBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var stream = new MemoryStream(packet.TrimEnd((byte)0).ToArray());
            using var reader = XmlReader.Create(stream, settings);
            var more = reader.Read();
            while (more)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == RdfNamespace && reader.LocalName == "Description")
                {
                    ReadAttributes(reader, properties);
                }
                else if (reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement && NameOf(reader.NamespaceURI, reader.LocalName) is { } name)
                {
                    // Reading the content moves past the element: the next node is already current.
                    var text = reader.ReadInnerXml();
                    // Structured values (rdf:Seq, nested elements) are not simple properties.
                    if (!text.Contains('<', StringComparison.Ordinal)) properties.TryAdd(name, System.Net.WebUtility.HtmlDecode(text).Trim());
                    more = !reader.EOF;
                    continue;
                }
                more = reader.Read();
            }
        }
        catch (XmlException)
        {
            // What was read before the packet broke stands.
        }
        return properties;
    }

    private static void ReadAttributes(XmlReader reader, Dictionary<string, string> properties)
    {
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            if (NameOf(reader.NamespaceURI, reader.LocalName) is { } name) properties.TryAdd(name, reader.Value.Trim());
        }
        reader.MoveToElement();
    }

    private static string? NameOf(string namespaceUri, string localName) =>
        Prefixes.TryGetValue(namespaceUri, out var prefix) ? prefix + ":" + localName : null;
}
